using System.Globalization;

namespace Greenlets;

/// <summary>
/// Carries a lock wait's timeout in the 32-bit state of its awaiter, for the <see cref="GreenTimeout"/> it raises
/// when the timeout ends the wait. As a float read back through its shortest decimal form, a timeout written with up
/// to seven significant digits (0.1, 2.5, 30) comes back exactly.
/// </summary>
internal static class LockTimeoutState
{
    public static int Encode(double? timeout) => BitConverter.SingleToInt32Bits((float)(timeout ?? 0));

    public static double Decode(int state) =>
        double.Parse(BitConverter.Int32BitsToSingle(state).ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

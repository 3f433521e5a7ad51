using System.Globalization;

namespace Greenlets;

/// <summary>
/// Carries a wait's timeout (a lock's, a greenlet's <c>Get</c>) in the 32-bit state of its awaiter, for the
/// <see cref="GreenTimeout"/> it raises when the timeout ends the wait, which names it as gevent's does
/// ("0.001 seconds"). As a float read back through its shortest decimal form, a timeout written with up to seven
/// significant digits (0.1, 2.5, 30) comes back exactly.
/// </summary>
internal static class WaitTimeoutState
{
    public static int Encode(double? timeout) => BitConverter.SingleToInt32Bits((float)(timeout ?? 0));

    public static double Decode(int state) =>
        double.Parse(BitConverter.Int32BitsToSingle(state).ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

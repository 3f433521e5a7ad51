using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Greenlets;

/// <summary>Writes and reads <c>struct sockaddr_in</c> / <c>sockaddr_in6</c> (Linux layout) for the socket calls.</summary>
internal static class SocketAddressCodec
{
    /// <summary>Large enough for <c>sockaddr_in6</c>, the largest address green sockets use.</summary>
    public const int MaxSize = 28;

    /// <summary>Writes <paramref name="endPoint"/> into <paramref name="buffer"/> and returns the length used.</summary>
    public static int Write(IPEndPoint endPoint, int family, Span<byte> buffer)
    {
        var address = endPoint.Address;
        if (family == SocketNative.AF_INET6 && address.AddressFamily == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv6(); // an IPv6 socket reaches IPv4 peers through mapped addresses
        }

        buffer[..MaxSize].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)endPoint.Port);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            if (family != SocketNative.AF_INET)
            {
                throw new ArgumentException($"{endPoint} is an IPv4 address; this socket is IPv6.", nameof(endPoint));
            }

            BitConverter.TryWriteBytes(buffer, (ushort)SocketNative.AF_INET);
            address.TryWriteBytes(buffer[4..8], out _);
            return 16;
        }

        if (family != SocketNative.AF_INET6)
        {
            throw new ArgumentException($"{endPoint} is an IPv6 address; this socket is IPv4.", nameof(endPoint));
        }

        BitConverter.TryWriteBytes(buffer, (ushort)SocketNative.AF_INET6);
        address.TryWriteBytes(buffer[8..24], out _);
        BitConverter.TryWriteBytes(buffer[24..], (uint)address.ScopeId);
        return 28;
    }

    /// <summary>Reads the address the kernel wrote; null for a family green sockets do not speak (or an empty address).</summary>
    public static IPEndPoint? Read(ReadOnlySpan<byte> buffer, int length)
    {
        if (length < 2)
        {
            return null;
        }

        var family = BitConverter.ToUInt16(buffer);
        var port = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        if (family == SocketNative.AF_INET && length >= 16)
        {
            return new IPEndPoint(new IPAddress(buffer[4..8]), port);
        }

        if (family == SocketNative.AF_INET6 && length >= 28)
        {
            return new IPEndPoint(new IPAddress(buffer[8..24], BitConverter.ToUInt32(buffer[24..])), port);
        }

        return null;
    }
}

namespace Greenlets.Tests.WebSockets;

/// <summary>The RFC 6455 pieces over bytes: the handshake's accept value, frame headers, masking, and what a server must refuse.</summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed class WebSocketFrameCodecTests
{
    [Test]
    public void ComputesTheAcceptValueOfTheRfcExample() =>
        Assert.That(WebSocketHandshake.ComputeAccept("dGhlIHNhbXBsZSBub25jZQ=="), Is.EqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));

    [Test]
    public void ReadsTheRfcsMaskedHelloFrame()
    {
        // RFC 6455 section 5.7: a single-frame masked text message "Hello".
        byte[] frame = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58];
        Assert.That(WebSocketFrameCodec.TryReadHeader(frame, requireMask: true, 1000, out var header), Is.True);
        var payload = frame.AsSpan(header.HeaderLength, (int)header.PayloadLength).ToArray();
        WebSocketFrameCodec.ApplyMask(payload, header.MaskKey);

        Assert.That(header.Fin, Is.True);
        Assert.That(header.Opcode, Is.EqualTo(WebSocketOpcode.Text));
        Assert.That(System.Text.Encoding.ASCII.GetString(payload), Is.EqualTo("Hello"));
    }

    [TestCase(0)]
    [TestCase(125)]
    [TestCase(126)]
    [TestCase(65535)]
    [TestCase(65536)]
    public void WritesAndReadsBackEveryLengthEncoding(int length)
    {
        var payload = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        var output = new OutputBuffer();
        WebSocketFrameCodec.WriteFrame(output, WebSocketOpcode.Binary, fin: true, payload, maskKey: 0xdeadbeef);

        Assert.That(WebSocketFrameCodec.TryReadHeader(output.Written, requireMask: true, 1 << 20, out var header), Is.True);
        var read = output.Written.Slice(header.HeaderLength).ToArray();
        WebSocketFrameCodec.ApplyMask(read, header.MaskKey);
        Assert.That(header.PayloadLength, Is.EqualTo(length));
        Assert.That(read, Is.EqualTo(payload));
        Assert.That(WebSocketFrameCodec.TryReadHeader(output.Written[..(header.HeaderLength - 1)], true, 1 << 20, out _), Is.False, "a cut header needs more bytes");
    }

    [Test]
    public void MaskingTwiceRestoresEveryLength()
    {
        for (var length = 0; length < 40; length++)
        {
            var original = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
            var bytes = original.ToArray();
            WebSocketFrameCodec.ApplyMask(bytes, 0x01020304);
            if (length > 0)
            {
                Assert.That(bytes, Is.Not.EqualTo(original));
            }

            WebSocketFrameCodec.ApplyMask(bytes, 0x01020304);
            Assert.That(bytes, Is.EqualTo(original));
        }
    }

    [TestCase(new byte[] { 0x81, 0x05, 1, 2, 3, 4, 5 }, WebSocketCloseCode.ProtocolError, TestName = "an unmasked client frame")]
    [TestCase(new byte[] { 0xC1, 0x80, 0, 0, 0, 0 }, WebSocketCloseCode.ProtocolError, TestName = "RSV1 without an extension")]
    [TestCase(new byte[] { 0x83, 0x80, 0, 0, 0, 0 }, WebSocketCloseCode.ProtocolError, TestName = "reserved data opcode 3")]
    [TestCase(new byte[] { 0x8B, 0x80, 0, 0, 0, 0 }, WebSocketCloseCode.ProtocolError, TestName = "reserved control opcode B")]
    [TestCase(new byte[] { 0x09, 0x80, 0, 0, 0, 0 }, WebSocketCloseCode.ProtocolError, TestName = "a fragmented ping")]
    [TestCase(new byte[] { 0x89, 0xFE, 0, 126, 0, 0, 0, 0 }, WebSocketCloseCode.ProtocolError, TestName = "a ping over 125 bytes")]
    [TestCase(new byte[] { 0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, WebSocketCloseCode.ProtocolError, TestName = "a 64-bit length with its top bit set")]
    [TestCase(new byte[] { 0x82, 0xFF, 0, 0, 0, 0, 0, 0x10, 0, 1, 0, 0, 0, 0 }, WebSocketCloseCode.MessageTooBig, TestName = "a frame over the size limit")]
    public void RefusesWhatAServerMustRefuse(byte[] frame, WebSocketCloseCode expected)
    {
        var violation = Assert.Throws<WebSocketViolation>(() => WebSocketFrameCodec.TryReadHeader(frame, requireMask: true, 1 << 20, out _));
        Assert.That(violation!.Code, Is.EqualTo(expected));
    }

    [TestCase(1000, true)]
    [TestCase(1001, true)]
    [TestCase(1004, false)]
    [TestCase(1005, false)]
    [TestCase(1006, false)]
    [TestCase(1015, false)]
    [TestCase(2999, false)]
    [TestCase(3000, true)]
    [TestCase(4999, true)]
    [TestCase(5000, false)]
    public void KnowsWhichCloseCodesMayBeSent(int code, bool valid) =>
        Assert.That(WebSocketFrameCodec.IsValidCloseCode(code), Is.EqualTo(valid));
}

using System.Text;
using static Greenlets.Tests.Http.Conformance.AutobahnCase;

namespace Greenlets.Tests.Http.Conformance;

/// <summary>
/// The cases of Autobahn's categories 1 to 7 (crossbario/autobahn-testsuite, Apache-2.0, commit b8a5120), by their
/// ids, with what each sends and expects as its case definition says (autobahntestsuite/case/caseN_M.py). Left out:
/// 7.1.6 and 7.13.x, whose outcome the definitions leave to the implementation; 6.2-6.4 use the definitions' own
/// sample strings, not the generated 6.5-6.23 tables.
/// </summary>
public static class AutobahnCases
{
    private static readonly int[] s_normal = [1000];
    private static readonly int[] s_protocolError = [1002];
    private static readonly int[] s_invalidPayload = [1007];

    // 6.3.1's payload: valid "κόσμε", then ED A0 80 (a UTF-16 surrogate), then "edited".
    private static readonly byte[] s_invalidUtf8 = [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64];

    // 6.4.x's parts: valid, then F4 90 80 80 (past U+10FFFF), then valid.
    private static readonly byte[] s_part1 = [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5];
    private static readonly byte[] s_part2 = [0xF4, 0x90, 0x80, 0x80];
    private static readonly byte[] s_part3 = "edited"u8.ToArray();

    public static IReadOnlyList<AutobahnCase> All { get; } = [.. Framing(), .. PingsAndPongs(), .. ReservedBits(), .. Opcodes(), .. Fragmentation(), .. Utf8(), .. Closing()];

    private static AutobahnCase Ok(string id, string category, WebSocketStep[] steps, params (int, byte[])[] echoes) =>
        new(id, category, steps, echoes, CloseExpectation.Clean, s_normal);

    private static AutobahnCase Fails(string id, string category, WebSocketStep[] steps, params (int, byte[])[] echoes) =>
        new(id, category, steps, echoes, CloseExpectation.Failed, s_protocolError);

    private static IEnumerable<AutobahnCase> Framing()
    {
        int[] lengths = [0, 125, 126, 127, 128, 65535, 65536];
        for (var i = 0; i < lengths.Length; i++)
        {
            var text = new string('*', lengths[i]);
            yield return Ok($"1.1.{i + 1}", "1 framing", [Send(Frame(Text, text))], Echo(Text, text));
            var binary = Enumerable.Repeat((byte)0xFE, lengths[i]).ToArray();
            yield return Ok($"1.2.{i + 1}", "1 framing", [Send(Frame(Binary, binary))], Echo(Binary, binary));
        }

        // 1.x.8: 65536 octets sent in chops of 997 octets.
        var big = new string('*', 65536);
        yield return Ok("1.1.8", "1 framing", Chops(Frame(Text, big), 997), Echo(Text, big));
        var bigBinary = Enumerable.Repeat((byte)0xFE, 65536).ToArray();
        yield return Ok("1.2.8", "1 framing", Chops(Frame(Binary, bigBinary), 997), Echo(Binary, bigBinary));
    }

    private static IEnumerable<AutobahnCase> PingsAndPongs()
    {
        const string Category = "2 pings and pongs";
        var binary = new byte[] { 0x00, 0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0x00, 0xFF };
        var octets125 = Enumerable.Repeat((byte)0xFE, 125).ToArray();
        yield return Ok("2.1", Category, [Send(Frame(Ping, ""))], Echo(Pong, ""));
        yield return Ok("2.2", Category, [Send(Frame(Ping, "Hello, world!"))], Echo(Pong, "Hello, world!"));
        yield return Ok("2.3", Category, [Send(Frame(Ping, binary))], Echo(Pong, binary));
        yield return Ok("2.4", Category, [Send(Frame(Ping, octets125))], Echo(Pong, octets125));
        yield return Fails("2.5", Category, [Send(Frame(Ping, Enumerable.Repeat((byte)0xFE, 126).ToArray()))]);
        yield return Ok("2.6", Category, [SendOctetWise(Frame(Ping, octets125))], Echo(Pong, octets125));
        yield return Ok("2.7", Category, [Send(Frame(Pong, ""))]);
        yield return Ok("2.8", Category, [Send(Frame(Pong, "unsolicited pong payload"))]);
        yield return Ok("2.9", Category, [Send(Frame(Pong, "unsolicited pong payload"), Frame(Ping, "ping payload"))], Echo(Pong, "ping payload"));
        var pings = Enumerable.Range(0, 10).Select(i => $"payload-{i}").ToArray();
        yield return Ok("2.10", Category, [Send([.. pings.Select(p => Frame(Ping, p))])], [.. pings.Select(p => Echo(Pong, p))]);
        yield return Ok("2.11", Category, [SendOctetWise([.. pings.Select(p => Frame(Ping, p))])], [.. pings.Select(p => Echo(Pong, p))]);
    }

    private static IEnumerable<AutobahnCase> ReservedBits()
    {
        const string Category = "3 reserved bits";
        yield return Fails("3.1", Category, [Send(Frame(Text, "Hello, world!", rsv: 1))]);
        yield return Fails("3.2", Category, [Send(Frame(Text, "Hello, world!"), Frame(Text, "Hello, world!", rsv: 2), Frame(Ping, ""))], Echo(Text, "Hello, world!"));
        yield return Fails("3.3", Category, [Send(Frame(Text, "Hello, world!")), Send(Frame(Text, "Hello, world!", rsv: 3)), Send(Frame(Ping, ""))], Echo(Text, "Hello, world!"));
        yield return Fails("3.4", Category, [SendOctetWise(Frame(Text, "Hello, world!"), Frame(Text, "Hello, world!", rsv: 4), Frame(Ping, ""))], Echo(Text, "Hello, world!"));
        yield return Fails("3.5", Category, [Send(Frame(Binary, [0x00, 0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0x00, 0xFF], rsv: 5))]);
        yield return Fails("3.6", Category, [Send(Frame(Ping, "Hello, world!", rsv: 6))]);
        yield return Fails("3.7", Category, [Send(Frame(Close, [0x03, 0xE8], rsv: 7))]);
    }

    private static IEnumerable<AutobahnCase> Opcodes()
    {
        const string Category = "4 opcodes";
        foreach (var (id, opcode) in new[] { ("4.1", 3), ("4.2", 11) })
        {
            yield return Fails($"{id}.1", Category, [Send(Frame(opcode, ""))]);
            yield return Fails($"{id}.2", Category, [Send(Frame(opcode + 1, "reserved opcode payload"))]);
            yield return Fails($"{id}.3", Category, [Send(Frame(Text, "Hello, world!"), Frame(opcode + 2, ""), Frame(Ping, ""))], Echo(Text, "Hello, world!"));
            yield return Fails($"{id}.4", Category, [Send(Frame(Text, "Hello, world!"), Frame(opcode + 3, "reserved opcode payload"), Frame(Ping, ""))], Echo(Text, "Hello, world!"));
            yield return Fails($"{id}.5", Category, [Send(Frame(Text, "Hello, world!"), Frame(opcode + 4, "reserved opcode payload"), Frame(Ping, ""))], Echo(Text, "Hello, world!"));
        }
    }

    private static IEnumerable<AutobahnCase> Fragmentation()
    {
        const string Category = "5 fragmentation";
        yield return Fails("5.1", Category, [Send(Frame(Ping, "fragment1", fin: false), Frame(Continuation, "fragment2"))]);
        yield return Fails("5.2", Category, [Send(Frame(Pong, "fragment1", fin: false), Frame(Continuation, "fragment2"))]);
        byte[][] twoFragments = [Frame(Text, "fragment1", fin: false), Frame(Continuation, "fragment2")];
        yield return Ok("5.3", Category, [Send(twoFragments)], Echo(Text, "fragment1fragment2"));
        yield return Ok("5.4", Category, [Send(twoFragments[0]), Send(twoFragments[1])], Echo(Text, "fragment1fragment2"));
        yield return Ok("5.5", Category, [SendOctetWise(twoFragments)], Echo(Text, "fragment1fragment2"));
        byte[][] withPing = [Frame(Text, "fragment1", fin: false), Frame(Ping, "ping payload"), Frame(Continuation, "fragment2")];
        yield return Ok("5.6", Category, [Send(withPing)], Echo(Pong, "ping payload"), Echo(Text, "fragment1fragment2"));
        yield return Ok("5.7", Category, [Send(withPing[0]), Send(withPing[1]), Send(withPing[2])], Echo(Pong, "ping payload"), Echo(Text, "fragment1fragment2"));
        yield return Ok("5.8", Category, [SendOctetWise(withPing)], Echo(Pong, "ping payload"), Echo(Text, "fragment1fragment2"));
        foreach (var (first, fin) in new[] { (9, true), (12, false) })
        {
            byte[][] nothingToContinue = [Frame(Continuation, "non-continuation payload", fin: fin), Frame(Text, "Hello, world!")];
            yield return Fails($"5.{first}", Category, [Send(nothingToContinue)]);
            yield return Fails($"5.{first + 1}", Category, [Send(nothingToContinue[0]), Send(nothingToContinue[1])]);
            yield return Fails($"5.{first + 2}", Category, [SendOctetWise(nothingToContinue)]);
        }

        yield return Fails("5.15", Category, [Send(Frame(Text, "fragment1", fin: false), Frame(Continuation, "fragment2"), Frame(Continuation, "fragment3", fin: false), Frame(Text, "fragment4"))], Echo(Text, "fragment1fragment2"));
        foreach (var (id, fin) in new[] { ("5.16", false), ("5.17", true) })
        {
            byte[][] round = [Frame(Continuation, "fragment1", fin: fin), Frame(Text, "fragment2", fin: false), Frame(Continuation, "fragment3")];
            yield return Fails(id, Category, [Send([.. round, .. round])]);
        }

        yield return Fails("5.18", Category, [Send(Frame(Text, "fragment1", fin: false), Frame(Text, "fragment2"))]);
        foreach (var id in new[] { "5.19", "5.20" })
        {
            yield return Ok(
                id,
                Category,
                [
                    SendThenPause(1, Frame(Text, "fragment1", fin: false), Frame(Continuation, "fragment2", fin: false), Frame(Ping, "pongme 1!")),
                    Send(Frame(Continuation, "fragment3", fin: false), Frame(Continuation, "fragment4", fin: false), Frame(Ping, "pongme 2!"), Frame(Continuation, "fragment5")),
                ],
                Echo(Pong, "pongme 1!"),
                Echo(Pong, "pongme 2!"),
                Echo(Text, "fragment1fragment2fragment3fragment4fragment5"));
        }
    }

    private static IEnumerable<AutobahnCase> Utf8()
    {
        const string Category = "6 UTF-8";
        yield return Ok("6.1.1", Category, [Send(Frame(Text, ""))], Echo(Text, ""));
        yield return Ok("6.1.2", Category, [Send(Frame(Text, "", fin: false), Frame(Continuation, "", fin: false), Frame(Continuation, ""))], Echo(Text, ""));
        yield return Ok("6.1.3", Category, [Send(Frame(Text, "", fin: false), Frame(Continuation, "middle frame payload", fin: false), Frame(Continuation, ""))], Echo(Text, "middle frame payload"));
        const string Valid = "Hello-µ@ßöäüàá-UTF-8!!";
        yield return Ok("6.2.1", Category, [Send(Frame(Text, Valid))], Echo(Text, Valid));
        yield return Ok("6.2.2", Category, [Send(Frame(Text, "Hello-µ@ßöä", fin: false), Frame(Continuation, "üàá-UTF-8!!"))], Echo(Text, Valid));
        yield return Ok("6.2.3", Category, [Send(OctetFragments(Encoding.UTF8.GetBytes(Valid)))], Echo(Text, Valid));
        yield return Ok("6.2.4", Category, [Send(OctetFragments(s_part1))], Echo(Text, s_part1));
        yield return new("6.3.1", Category, [Send(Frame(Text, s_invalidUtf8))], [], CloseExpectation.Failed, s_invalidPayload);
        yield return new("6.3.2", Category, [Send(OctetFragments(s_invalidUtf8))], [], CloseExpectation.Failed, s_invalidPayload);
        yield return new("6.4.1", Category, [SendThenPause(1, Frame(Text, s_part1, fin: false)), SendThenPause(1, Frame(Continuation, s_part2, fin: false)), Send(Frame(Continuation, s_part3))], [], CloseExpectation.Failed, s_invalidPayload);
        yield return new("6.4.2", Category, [SendThenPause(1, Frame(Text, s_part1, fin: false)), SendThenPause(1, Frame(Continuation, s_part2[..2], fin: false)), Send(Frame(Continuation, [.. s_part2[2..], .. s_part3]))], [], CloseExpectation.Failed, s_invalidPayload);
        byte[] whole = Frame(Text, [.. s_part1, .. s_part2, .. s_part3]);
        var headerLength = whole.Length - s_part1.Length - s_part2.Length - s_part3.Length;
        yield return new("6.4.3", Category, [new(whole[..(headerLength + s_part1.Length)], PauseSeconds: 1), new(whole[(headerLength + s_part1.Length)..(headerLength + s_part1.Length + 4)], PauseSeconds: 1), new(whole[(headerLength + s_part1.Length + 4)..])], [], CloseExpectation.Failed, s_invalidPayload);
        yield return new("6.4.4", Category, [new(whole[..(headerLength + s_part1.Length)], PauseSeconds: 1), new(whole[(headerLength + s_part1.Length)..(headerLength + s_part1.Length + 2)], PauseSeconds: 1), new(whole[(headerLength + s_part1.Length + 2)..])], [], CloseExpectation.Failed, s_invalidPayload);
    }

    private static IEnumerable<AutobahnCase> Closing()
    {
        const string Category = "7 close";
        AutobahnCase CloseCase(string id, WebSocketStep[] steps, CloseExpectation close, int[] codes, params (int, byte[])[] echoes) =>
            new(id, Category, steps, echoes, close, codes, SendsClose: true);

        yield return CloseCase("7.1.1", [Send(Frame(Text, "Hello World!"), CloseFrame(1000))], CloseExpectation.Clean, s_normal, Echo(Text, "Hello World!"));
        yield return CloseCase("7.1.2", [Send(CloseFrame(1000), CloseFrame(1000))], CloseExpectation.Clean, s_normal);
        yield return CloseCase("7.1.3", [Send(CloseFrame(1000), Frame(Ping, ""))], CloseExpectation.Clean, s_normal);
        yield return CloseCase("7.1.4", [Send(CloseFrame(1000), Frame(Text, "Hello World!"))], CloseExpectation.Clean, s_normal);
        yield return CloseCase("7.1.5", [Send(Frame(Text, "fragment1", fin: false), CloseFrame(1000), Frame(Continuation, "fragment2"))], CloseExpectation.Clean, s_normal);

        // An empty close payload means "no status" (1005 to the receiver): an empty close or 1000 back is clean.
        yield return CloseCase("7.3.1", [Send(Frame(Close, ""))], CloseExpectation.Clean, [1000, 1005]);
        yield return CloseCase("7.3.2", [Send(Frame(Close, [0x03]))], CloseExpectation.Failed, s_protocolError);
        yield return CloseCase("7.3.3", [Send(CloseFrame(1000))], CloseExpectation.Clean, s_normal);
        yield return CloseCase("7.3.4", [Send(CloseFrame(1000, "Hello World!"u8.ToArray()))], CloseExpectation.Clean, s_normal);
        yield return CloseCase("7.3.5", [Send(CloseFrame(1000, Encoding.ASCII.GetBytes(new string('*', 123))))], CloseExpectation.Clean, s_normal);
        yield return CloseCase("7.3.6", [Send(CloseFrame(1000, Encoding.ASCII.GetBytes(new string('*', 124))))], CloseExpectation.Failed, s_protocolError);
        yield return CloseCase("7.5.1", [Send(CloseFrame(1000, s_invalidUtf8))], CloseExpectation.Failed, [1002, 1007]);

        int[] valid = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999];
        for (var i = 0; i < valid.Length; i++)
        {
            yield return CloseCase($"7.7.{i + 1}", [Send(CloseFrame(valid[i]))], CloseExpectation.Clean, [1000, valid[i]]);
        }

        int[] invalid = [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999];
        for (var i = 0; i < invalid.Length; i++)
        {
            yield return CloseCase($"7.9.{i + 1}", [Send(CloseFrame(invalid[i]))], CloseExpectation.Failed, s_protocolError);
        }
    }

    private static WebSocketStep[] Chops(byte[] bytes, int size) =>
        [.. bytes.Chunk(size).Select(chunk => new WebSocketStep(chunk))];

    // A text message whose every frame carries one octet, so frames end inside code points.
    private static byte[][] OctetFragments(byte[] payload) =>
        [.. payload.Select((b, i) => Frame(i == 0 ? Text : Continuation, [b], fin: i == payload.Length - 1))];
}

namespace Greenlets.Tests.Http;

/// <summary>Every request of the hostile corpus, through the parser and body decoder: each is refused with its expected status.</summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed class HostileCorpusParserTests
{
    [Test]
    public void CorpusHoldsAtLeastTwoHundredRequests() => Assert.That(HostileCorpus.All, Has.Count.GreaterThanOrEqualTo(200));

    [TestCaseSource(typeof(HostileCorpus), nameof(HostileCorpus.Cases))]
    public void IsRefusedWithItsStatusWhenSentWhole(HostileRequest request) =>
        Assert.That(StatusFor(request.Bytes, request.Bytes.Length), Is.EqualTo(request.ExpectedStatus));

    [TestCaseSource(typeof(HostileCorpus), nameof(HostileCorpus.Cases))]
    public void IsRefusedWithTheSameStatusWhenSentInSmallPieces(HostileRequest request)
    {
        // Byte by byte for small requests; bigger ones in 997-byte pieces, so no limit check depends on packet boundaries.
        var step = request.Bytes.Length < 2048 ? 1 : 997;
        Assert.That(StatusFor(request.Bytes, step), Is.EqualTo(request.ExpectedStatus));
    }

    /// <summary>Feeds the bytes as a connection would receive them, <paramref name="step"/> at a time; returns the refusal's status, or 0 if none.</summary>
    internal static int StatusFor(byte[] bytes, int step)
    {
        var request = new HttpRequest();
        var available = 0;
        int consumed;
        try
        {
            while (true)
            {
                available = Math.Min(bytes.Length, available + step);
                if (HttpRequestParser.TryParse(bytes, 0, available, HttpLimits.Default, request, out consumed))
                {
                    break;
                }

                if (available == bytes.Length)
                {
                    return 0;
                }
            }

            request.BeginBody();
            var output = new byte[4096];
            var position = consumed;
            while (!request.IsBodyComplete)
            {
                available = Math.Min(bytes.Length, Math.Max(available, position) + step);
                var used = request.DecodeBody(bytes.AsSpan(position, available - position), output, HttpLimits.Default.MaxBodyBytes, out _);
                position += used;
                if (position == bytes.Length && !request.IsBodyComplete)
                {
                    return 0;
                }
            }

            return 0;
        }
        catch (GreenHttpProtocolException refused)
        {
            return refused.StatusCode;
        }
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Greenlets;

namespace Tour;

/// <summary>
/// A crawler: a <see cref="Pool"/> of 10 fetching pages with <see cref="GreenHttpClient"/>, a
/// <see cref="JoinableQueue{T}"/> as the frontier, and a <see cref="GreenTimeout"/> around each fetch. Not a tutorial
/// example but the program its fetch section leads to. As in the reference run, the program serves its own small
/// site on the same hub; each page has a fixed latency, so pages finish in the same order every time.
/// </summary>
public static partial class CrawlerExample
{
    private const double FetchTimeout = 0.5; // seconds
    private const int MissingLatency = 95; // milliseconds

    // Each page's server-side latency (milliseconds) and its links, as in reference/crawler.py.
    private static readonly Dictionary<string, (int Latency, string[] Links)> s_site = new()
    {
        ["/"] = (10, ["/news", "/docs", "/about"]),
        ["/news"] = (50, ["/news/1", "/news/2", "/news/3", "/"]),
        ["/docs"] = (210, ["/docs/intro", "/docs/api", "/missing"]),
        ["/about"] = (245, ["/team", "/slow", "/"]),
        ["/news/1"] = (110, ["/news"]),
        ["/news/2"] = (50, ["/news", "/news/3"]),
        ["/news/3"] = (225, ["/news/1"]),
        ["/docs/intro"] = (215, ["/docs/api"]),
        ["/docs/api"] = (140, ["/docs/api/v2", "/docs"]),
        ["/docs/api/v2"] = (115, ["/docs/intro"]),
        ["/team"] = (140, ["/about", "/news/2"]),
        ["/slow"] = (2000, ["/never"]),
    };

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Link();

    [Greenlet]
    private static HttpBody Site(HttpRequest request, HttpResponse response)
    {
        if (!s_site.TryGetValue(request.Path, out var page))
        {
            Greenlet.Sleep(MissingLatency / 1000.0);
            response.StatusCode = 404;
            response.SetHeader("Content-Type", "text/plain");
            return "not found";
        }

        Greenlet.Sleep(page.Latency / 1000.0);
        response.SetHeader("Content-Type", "text/html");
        return string.Concat(page.Links.Select(link => $"<a href=\"{link}\">{link}</a>\n"));
    }

    private sealed partial class Crawl(GreenHttpClient client, string root)
    {
        private readonly HashSet<string> _seen = ["/"];

        public JoinableQueue<string> Frontier { get; } = new();

        public List<string> Crawled { get; } = [];

        public List<string> Failed { get; } = [];

        [Greenlet]
        public void Fetch(string path)
        {
            try
            {
                string html;
                using (GreenTimeout.StartNew(FetchTimeout))
                {
                    html = client.Get(root + path).EnsureSuccessStatusCode().ReadAsString();
                }

                var links = Link().Matches(html).Select(match => match.Groups[1].Value).ToList();
                var fresh = links.Where(_seen.Add).ToList();
                foreach (var link in fresh)
                {
                    Frontier.Put(link);
                }

                Crawled.Add(path);
                Console.WriteLine($"{path,-13} links {links.Count}, new {fresh.Count}");
            }
            catch (GreenTimeout)
            {
                Failed.Add(path);
                Console.WriteLine($"{path,-13} timed out after {FetchTimeout.ToString(CultureInfo.InvariantCulture)} s");
            }
            catch (GreenHttpStatusException error)
            {
                Failed.Add(path);
                Console.WriteLine($"{path,-13} {error.StatusCode}");
            }
            finally
            {
                Frontier.TaskDone();
            }
        }

        [Greenlet]
        public void Dispatch(Pool pool)
        {
            while (true)
            {
                var path = Frontier.Get();
                pool.Spawn(Fetch, path);
            }
        }
    }

    public static void Run()
    {
        var server = new HttpServer("127.0.0.1", 0, Site) { AccessLog = null };
        server.Start();
        using var client = new GreenHttpClient();
        var crawl = new Crawl(client, $"http://127.0.0.1:{server.Port}");
        var pool = new Pool(10);

        crawl.Frontier.Put("/");
        var dispatcher = Greenlet.Spawn(crawl.Dispatch, pool);
        crawl.Frontier.Join();
        dispatcher.Kill();
        pool.Join();
        server.Stop();

        var failed = string.Join(", ", crawl.Failed.Order(StringComparer.Ordinal));
        Console.WriteLine($"Crawled {crawl.Crawled.Count} pages, {crawl.Failed.Count} failed: {failed}");
    }
}

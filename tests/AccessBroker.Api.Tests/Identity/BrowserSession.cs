using System.Net;
using System.Text.RegularExpressions;

namespace AccessBroker.Api.Tests.Identity;

/// <summary>
/// A browser without JavaScript: keeps cookies, follows redirects on the broker, reads the one form of a page and
/// submits it with its hidden fields (antiforgery token included), as a person clicking through would.
/// </summary>
public sealed partial class BrowserSession : IDisposable
{
    private readonly HttpClient client;

    public BrowserSession(Uri baseAddress)
    {
        client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = baseAddress,
        };
    }

    /// <summary>GETs the URL and follows redirects until a page, or a redirect that leaves the broker (to a client).</summary>
    public async Task<BrowserPage> OpenAsync(string url)
    {
        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        return await FollowAsync(response);
    }

    /// <summary>Submits the page's form with its hidden fields plus <paramref name="fields"/>, then follows redirects.</summary>
    public async Task<BrowserPage> SubmitAsync(BrowserPage page, IReadOnlyDictionary<string, string> fields)
    {
        var form = FormPattern().Match(page.Html);
        form.Success.ShouldBeTrue($"no form on the page at {page.Url}");
        var values = HiddenFieldPattern().Matches(form.Value)
            .ToDictionary(match => WebUtility.HtmlDecode(match.Groups["name"].Value), match => WebUtility.HtmlDecode(match.Groups["value"].Value));
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        var action = new Uri(page.Url, WebUtility.HtmlDecode(form.Groups["action"].Value));
        var method = form.Groups["method"].Value;
        var response = method == "get"
            ? await client.GetAsync(new UriBuilder(action) { Query = string.Join('&', values.Select(pair => $"{pair.Key}={Uri.EscapeDataString(pair.Value)}")) }.Uri, TestContext.Current.CancellationToken)
            : await client.PostAsync(action, new FormUrlEncodedContent(values), TestContext.Current.CancellationToken);
        return await FollowAsync(response);
    }

    public Task<BrowserPage> SignInAsync(BrowserPage signInPage, TestUser user) =>
        SubmitAsync(signInPage, new Dictionary<string, string> { ["userName"] = user.Name, ["password"] = user.Password });

    public void Dispose() => client.Dispose();

    private async Task<BrowserPage> FollowAsync(HttpResponseMessage response)
    {
        var url = response.RequestMessage!.RequestUri!;
        while (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
        {
            var location = new Uri(url, response.Headers.Location!);
            if (location.Authority != client.BaseAddress!.Authority)
            {
                return new BrowserPage(url, response.StatusCode, string.Empty, location);
            }

            url = location;
            response = await client.GetAsync(location, TestContext.Current.CancellationToken);
        }

        return new BrowserPage(url, response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), RedirectedTo: null);
    }

    [GeneratedRegex("""<form method="(?<method>get|post)" action="(?<action>[^"]*)">.*?</form>""", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]*)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenFieldPattern();
}

/// <summary>Where the browser ended up: a page of the broker, or a redirect to a client application.</summary>
public sealed record BrowserPage(Uri Url, HttpStatusCode Status, string Html, Uri? RedirectedTo)
{
    /// <summary>Asserts the browser left the broker for a client, saying where it stopped instead.</summary>
    public Uri ShouldRedirectToClient()
    {
        RedirectedTo.ShouldNotBeNull($"stopped at {Url} ({(int)Status}): {Html}");
        return RedirectedTo;
    }
}

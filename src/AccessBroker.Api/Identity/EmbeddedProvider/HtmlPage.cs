using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace AccessBroker.Api.Identity.EmbeddedProvider;

/// <summary>
/// Plain server-rendered pages of the embedded provider: no script, one form each, labelled fields, errors in a
/// <c>role="alert"</c> region that screen readers announce. Every value from outside goes through <see cref="Encode"/>.
/// </summary>
internal static class HtmlPage
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;line-height:1.5}"
        + "label{display:block;margin-top:1rem;font-weight:600}input[type=text],input[type=password]{width:100%;padding:.5rem;font-size:1rem}"
        + "button{margin-top:1.25rem;margin-right:.5rem;padding:.5rem 1.25rem;font-size:1rem}"
        + ".error{color:#a00;border-left:4px solid #a00;padding-left:.75rem}:focus{outline:3px solid #1a5fb4;outline-offset:2px}";

    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);

    public static string AntiforgeryField(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{Encode(tokens.FormFieldName)}\" value=\"{Encode(tokens.RequestToken)}\">";
    }

    public static string Error(string? message) =>
        message is null ? string.Empty : $"<p id=\"error\" class=\"error\" role=\"alert\">{Encode(message)}</p>";

    /// <summary>The pages are never cached or framed (clickjacking on a consent button would grant access).</summary>
    public static IResult Render(HttpContext context, string title, string body, int statusCode = StatusCodes.Status200OK)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(title)} · AccessBroker</title><style>{Style}</style></head>
            <body><main>
            <h1>{Encode(title)}</h1>
            {body}
            </main></body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: statusCode);
    }
}

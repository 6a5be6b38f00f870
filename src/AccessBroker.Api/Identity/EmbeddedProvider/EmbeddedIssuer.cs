namespace AccessBroker.Api.Identity.EmbeddedProvider;

internal static class EmbeddedIssuer
{
    /// <summary>The configured issuer, or else the URL the request came to, which is what OpenIddict uses when none is set.</summary>
    public static Uri For(HttpRequest request, Uri? configured) =>
        configured ?? new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/", UriKind.Absolute);
}

namespace AccessBroker.Api.Identity.EmbeddedProvider;

internal static class ProviderPaths
{
    public const string Authorize = "/connect/authorize";
    public const string Token = "/connect/token";
    public const string DeviceAuthorization = "/connect/device";
    public const string Verify = "/connect/verify";
    public const string VerifyApproved = "/connect/verify/approved";
    public const string VerifyDenied = "/connect/verify/denied";
    public const string EndSession = "/connect/endsession";
    public const string SignedOut = "/connect/signed-out";
    public const string Revoke = "/connect/revoke";
    public const string SignIn = "/account/signin";
}

using AccessBroker.Api.Identity;

namespace AccessBroker.Api.Portal;

/// <summary>What the layout shows of the signed-in user: their name and whether the audit pages are theirs to see.</summary>
public sealed class PortalNavigation
{
    private readonly CurrentUser user;

    internal PortalNavigation(CurrentUser user) => this.user = user;

    public string UserName => user.Person.Name;

    public bool IsAuditor => user.IsAuditor;
}

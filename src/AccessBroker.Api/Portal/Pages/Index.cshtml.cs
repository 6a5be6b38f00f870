using AccessBroker.Api.Features.Me;

namespace AccessBroker.Api.Portal.Pages;

public sealed class IndexModel : PortalPageModel
{
    public MeResponse Me { get; private set; } = null!;

    public async Task OnGetAsync() => Me = await Mediator.Send(new GetMe(), HttpContext.RequestAborted);
}

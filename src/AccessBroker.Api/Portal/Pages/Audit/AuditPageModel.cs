using AccessBroker.Api.Features.Me;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AccessBroker.Api.Portal.Pages.Audit;

/// <summary>The audit pages are for auditors and admins; everyone else gets a 403 page saying so.</summary>
public abstract class AuditPageModel : PortalPageModel
{
    public bool Allowed { get; private set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        Allowed = (await Mediator.Send(new GetMe(), HttpContext.RequestAborted)).IsAuditor;
        if (!Allowed)
        {
            context.Result = Forbidden("Only auditors and admins can read the audit log. Your own actions are listed under My access.");
            return;
        }

        await next();
    }
}

/// <summary>Writes a streamed export (the handler's writer) to the response, as the API's export endpoint does.</summary>
internal sealed class StreamedFileResult(string contentType, string fileName, Func<Stream, CancellationToken, Task> write) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = contentType;
        response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = fileName }.ToString();
        return write(response.Body, context.HttpContext.RequestAborted);
    }
}

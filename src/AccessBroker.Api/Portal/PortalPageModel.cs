using AccessBroker.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AccessBroker.Api.Portal;

/// <summary>
/// A portal page: it sends the API's own commands and queries, and shows their expected failures (and validation
/// errors) as a message on the page instead of a ProblemDetails body.
/// </summary>
public abstract class PortalPageModel : PageModel
{
    /// <summary>The failure of the last command or query, shown by the layout.</summary>
    public Failure? Problem { get; protected set; }

    /// <summary>A one-line confirmation carried across the redirect after a successful post.</summary>
    [TempData]
    public string? Notice { get; set; }

    protected IMediator Mediator => HttpContext.RequestServices.GetRequiredService<IMediator>();

    protected Task<T?> QueryAsync<T>(IQuery<Outcome<T>> query) where T : class =>
        GuardAsync(async () => Unwrap(await Mediator.Send(query, HttpContext.RequestAborted)));

    protected Task<T?> CommandAsync<T>(ICommand<Outcome<T>> command) where T : class =>
        GuardAsync(async () => Unwrap(await Mediator.Send(command, HttpContext.RequestAborted)));

    /// <summary>A query that cannot fail except by validation.</summary>
    protected Task<T?> ReadAsync<T>(IQuery<T> query) where T : class =>
        GuardAsync<T>(async () => await Mediator.Send(query, HttpContext.RequestAborted));

    /// <summary>The page with a 403 status and the reason, for pages a role may not see.</summary>
    protected IActionResult Forbidden(string detail)
    {
        Problem = Failure.Forbidden(detail);
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    /// <summary>Back to a page after a successful post (post/redirect/get), with a notice.</summary>
    protected IActionResult Done(string notice, string url)
    {
        Notice = notice;
        return LocalRedirect(url);
    }

    /// <summary>The page again after a failed post: its data reloaded, the failure kept for the message.</summary>
    protected async Task<IActionResult> PageAfterFailureAsync(Func<Task> load)
    {
        var problem = Problem;
        await load();
        Problem = problem ?? Problem;
        return Page();
    }

    protected void Invalid(string field, string message) => Problem = Failure.Invalid(field, message);

    private T? Unwrap<T>(Outcome<T> outcome) where T : class
    {
        Problem = outcome.Failure;
        return outcome.Value;
    }

    private async Task<T?> GuardAsync<T>(Func<Task<T?>> send) where T : class
    {
        try
        {
            return await send();
        }
        catch (ValidationException validation)
        {
            var errors = validation.Errors.Select(error => $"{error.PropertyName}: {error.ErrorMessage}").Distinct(StringComparer.Ordinal).ToArray();
            Problem = new Failure(ProblemTypes.Validation, StatusCodes.Status400BadRequest, "The form is not valid.", string.Join(" ", errors),
                new Dictionary<string, object?> { ["errors"] = errors });
            return null;
        }
    }
}

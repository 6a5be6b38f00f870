using AccessBroker.Api.Identity;
using Mediator;

namespace AccessBroker.Api.Features.Me;

/// <summary>Who the caller is, as the broker sees them: identity from the token, roles from configured groups.</summary>
public sealed record GetMe : IQuery<MeResponse>;

public sealed record MeResponse(string Subject, string Name, string? Email, IReadOnlyList<string> Groups, bool IsAuditor, bool IsAdmin);

internal sealed class GetMeHandler(CurrentUser user) : IQueryHandler<GetMe, MeResponse>
{
    public ValueTask<MeResponse> Handle(GetMe query, CancellationToken cancellationToken)
    {
        var person = user.Person;
        return ValueTask.FromResult(new MeResponse(person.Subject, person.Name, person.Email, person.Groups, user.IsAuditor, user.IsAdmin));
    }
}

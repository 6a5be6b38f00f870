using System.Threading.RateLimiting;
using AccessBroker.Api.Features.Grants;
using AccessBroker.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Hosting;

internal static class RateLimits
{
    /// <summary>Credential issuance is limited per user (token subject), answered with a 429 problem.</summary>
    public static IServiceCollection AddAccessBrokerRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(GrantsEndpoints.CredentialRateLimit, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<GrantSettings>>().Value.CredentialsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.User.FindFirst("sub")?.Value ?? string.Empty,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = "Too many credentials were requested in the last minute; kubectl caches credentials, so this usually means a loop.",
                        Type = ProblemTypes.RateLimited,
                    },
                });
            };
        });
}

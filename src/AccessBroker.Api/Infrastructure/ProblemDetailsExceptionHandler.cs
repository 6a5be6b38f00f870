using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace AccessBroker.Api.Infrastructure;

/// <summary>
/// The one place where exceptions become RFC 9457 ProblemDetails: validation failures (400 with per-field
/// errors), unreadable requests (400 saying what could not be read) and everything unexpected (500, no details).
/// </summary>
internal sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException validation => ValidationProblem(validation),
            BadHttpRequestException badRequest => UnreadableRequestProblem(badRequest),
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Type = ProblemTypes.Unexpected,
            };
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ValidationProblemDetails ValidationProblem(ValidationException exception)
    {
        var errors = exception.Errors
            .GroupBy(failure => JsonNamingPolicy.CamelCase.ConvertName(failure.PropertyName), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(failure => failure.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        return new ValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Type = ProblemTypes.Validation,
            Detail = string.Join(" ", errors.SelectMany(pair => pair.Value.Select(message => $"{pair.Key}: {message}"))),
        };
    }

    private static ProblemDetails UnreadableRequestProblem(BadHttpRequestException exception)
    {
        var detail = exception.InnerException is JsonException json
            ? $"{exception.Message} {DescribeJsonError(json)}"
            : exception.Message;
        return new ProblemDetails
        {
            Status = exception.StatusCode,
            Title = "The request could not be read.",
            Type = ProblemTypes.UnreadableRequest,
            Detail = detail,
        };
    }

    private static string DescribeJsonError(JsonException json)
    {
        var where = json.Path is null
            ? $"line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}"
            : $"'{json.Path}' (line {json.LineNumber + 1}, position {json.BytePositionInLine + 1})";
        return $"Invalid JSON at {where}.";
    }
}

using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Primitives;

namespace AccessBroker.Api.Infrastructure;

/// <summary>
/// Minimal APIs bind enum query parameters with <c>Enum.TryParse&lt;T&gt;</c>: case-sensitive, and numbers pass.
/// The API writes enums in camelCase (<c>"status": "active"</c>), so clients send them back that way. Before
/// binding, this middleware turns each enum query value of the matched endpoint into its declared name, whatever
/// its casing, and answers an unknown one with a 400 naming the parameter and the allowed values.
/// </summary>
internal static class EnumQueryParameters
{
    private static readonly ConditionalWeakTable<Endpoint, EnumQueryParameter[]> Cache = [];

    public static IApplicationBuilder UseCaseInsensitiveEnumQueries(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is { } endpoint && context.Request.QueryString.HasValue)
            {
                var parameters = Cache.GetValue(endpoint, Discover);
                if (parameters.Length > 0)
                {
                    Normalize(context.Request, parameters);
                }
            }

            await next(context);
        });

    private static void Normalize(HttpRequest request, EnumQueryParameter[] parameters)
    {
        Dictionary<string, StringValues>? rewritten = null;
        List<ValidationFailure>? failures = null;
        foreach (var parameter in parameters)
        {
            if (!request.Query.TryGetValue(parameter.Name, out var values))
            {
                continue;
            }

            var names = new string?[values.Count];
            var changed = false;
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i];
                if (string.IsNullOrEmpty(value))
                {
                    names[i] = value;
                }
                else if (parameter.Names.TryGetValue(value, out var name))
                {
                    names[i] = name;
                    changed |= !string.Equals(name, value, StringComparison.Ordinal);
                }
                else
                {
                    (failures ??= []).Add(new ValidationFailure(
                        parameter.Name,
                        $"'{value}' is not a valid {parameter.Name}; use one of: {string.Join(", ", parameter.AllowedValues)}."));
                }
            }

            if (changed)
            {
                rewritten ??= request.Query.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
                rewritten[parameter.Name] = new StringValues(names);
            }
        }

        if (failures is not null)
        {
            throw new ValidationException(failures);
        }

        if (rewritten is not null)
        {
            request.Query = new QueryCollection(rewritten);
        }
    }

    private static EnumQueryParameter[] Discover(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler)
        {
            return [];
        }

        var routePattern = (endpoint as RouteEndpoint)?.RoutePattern;
        var found = new List<EnumQueryParameter>();
        foreach (var parameter in handler.GetParameters())
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                found.AddRange(parameter.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Select(property => Describe(property.Name, property.PropertyType, property, routePattern))
                    .OfType<EnumQueryParameter>());
            }
            else if (Describe(parameter.Name, parameter.ParameterType, parameter, routePattern) is { } described)
            {
                found.Add(described);
            }
        }

        return [.. found];
    }

    private static EnumQueryParameter? Describe(string? name, Type type, ICustomAttributeProvider member, RoutePattern? routePattern)
    {
        var enumType = Nullable.GetUnderlyingType(type) ?? type;
        if (!enumType.IsEnum || name is null)
        {
            return null;
        }

        var attributes = member.GetCustomAttributes(inherit: true);
        if (attributes.OfType<IFromQueryMetadata>().FirstOrDefault() is { } fromQuery)
        {
            name = fromQuery.Name ?? name;
        }
        else if (attributes.Any(attribute => attribute is IFromRouteMetadata or IFromHeaderMetadata or IFromBodyMetadata or IFromFormMetadata or IFromServiceMetadata)
            || routePattern?.GetParameter(name) is not null)
        {
            return null;
        }

        var names = Enum.GetNames(enumType);
        return new EnumQueryParameter(
            JsonNamingPolicy.CamelCase.ConvertName(name),
            names.ToDictionary(value => value, StringComparer.OrdinalIgnoreCase),
            [.. names.Select(JsonNamingPolicy.CamelCase.ConvertName)]);
    }

    private sealed record EnumQueryParameter(string Name, Dictionary<string, string> Names, string[] AllowedValues);
}

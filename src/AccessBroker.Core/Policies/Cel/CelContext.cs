namespace AccessBroker.Core.Policies.Cel;

/// <summary>The values of the CEL variables <c>user</c>, <c>request</c> and <c>now</c> for one evaluation.</summary>
internal readonly record struct CelContext(PolicyUser User, PolicyRequest Request, DateTimeOffset Now);

internal delegate T CelFunction<out T>(in CelContext context);

namespace AccessBroker.Core.Policies.Cel;

/// <summary>The parsed expression tree. <c>Offset</c> is where the node starts in the expression.</summary>
internal abstract record CelSyntax(int Offset);

internal sealed record CelLiteral(int Offset, object Value) : CelSyntax(Offset);

internal sealed record CelIdentifier(int Offset, string Name) : CelSyntax(Offset);

/// <summary>A field selection; <c>Offset</c> is where the operand starts, <c>FieldOffset</c> where the field name is.</summary>
internal sealed record CelSelect(int Offset, CelSyntax Operand, string Field, int FieldOffset) : CelSyntax(Offset);

/// <summary>A function call; <c>Target</c> is the receiver of a method call (<c>x.f(...)</c>), null for a global call.</summary>
internal sealed record CelCall(int Offset, CelSyntax? Target, string Function, IReadOnlyList<CelSyntax> Arguments) : CelSyntax(Offset);

internal sealed record CelUnary(int Offset, string Operator, CelSyntax Operand) : CelSyntax(Offset);

internal sealed record CelBinary(int Offset, string Operator, CelSyntax Left, CelSyntax Right) : CelSyntax(Offset);

internal sealed record CelConditional(int Offset, CelSyntax Condition, CelSyntax WhenTrue, CelSyntax WhenFalse) : CelSyntax(Offset);

internal sealed record CelList(int Offset, IReadOnlyList<CelSyntax> Elements) : CelSyntax(Offset);

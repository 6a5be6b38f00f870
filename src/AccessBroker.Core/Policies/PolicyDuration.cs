using System.Globalization;
using System.Text;

namespace AccessBroker.Core.Policies;

/// <summary>
/// Durations as written in policy files and on the command line: hours, minutes and seconds in that order,
/// each at most once, e.g. <c>30m</c>, <c>4h</c>, <c>1h30m</c>, <c>90s</c>. Zero is not a duration.
/// </summary>
public static class PolicyDuration
{
    private static readonly (char Unit, long Seconds)[] Units = [('h', 3600), ('m', 60), ('s', 1)];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        long totalSeconds = 0;
        var position = 0;
        var nextUnit = 0;
        while (position < text.Length)
        {
            var digitsStart = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            if (position == digitsStart || position == text.Length || position - digitsStart > 9)
            {
                return false;
            }

            var unitIndex = Array.FindIndex(Units, nextUnit, u => u.Unit == text[position]);
            if (unitIndex < 0)
            {
                return false;
            }

            var amount = long.Parse(text.AsSpan(digitsStart, position - digitsStart), CultureInfo.InvariantCulture);
            totalSeconds += amount * Units[unitIndex].Seconds;
            nextUnit = unitIndex + 1;
            position++;
        }

        if (totalSeconds == 0)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(totalSeconds);
        return true;
    }

    /// <summary>Formats whole seconds in the same notation, largest units first: 5400 s is <c>1h30m</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var remaining = (long)duration.TotalSeconds;
        if (remaining <= 0)
        {
            return "0s";
        }

        var text = new StringBuilder();
        foreach (var (unit, seconds) in Units)
        {
            if (remaining >= seconds)
            {
                text.Append(CultureInfo.InvariantCulture, $"{remaining / seconds}{unit}");
                remaining %= seconds;
            }
        }

        return text.ToString();
    }
}

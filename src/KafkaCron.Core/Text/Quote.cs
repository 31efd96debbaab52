using System.Globalization;
using System.Text;

namespace KafkaCron.Core.Text;

/// <summary>Quotes text from a file for a one-line message: shortened, with control characters escaped.</summary>
internal static class Quote
{
    private const int MaxLength = 60;

    public static string Of(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, MaxLength) + 5).Append('\'');
        foreach (var c in value.Length <= MaxLength ? value : value[..MaxLength])
        {
            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ when char.IsControl(c) => builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.Append(value.Length <= MaxLength ? "'" : "...'").ToString();
    }
}

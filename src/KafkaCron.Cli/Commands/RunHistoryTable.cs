using KafkaCron.Core.Runs;

namespace KafkaCron.Cli.Commands;

/// <summary>The table <c>kcron history</c> prints: one run per line, columns as wide as their widest value.</summary>
internal static class RunHistoryTable
{
    private static readonly string[] Headers = ["WHEN", "JOB", "ATTEMPT", "TRIGGER", "OUTCOME", "EXIT", "DURATION", "WORKER", "OUTPUT"];

    public static IEnumerable<string> Lines(IReadOnlyList<RunRecord> runs)
    {
        var rows = runs.Select(run => new[]
        {
            RunText.Instant(RunHistory.When(run)),
            run.Job,
            run.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            run.Trigger,
            run.Outcome,
            RunText.Exit(run),
            RunText.Duration(run),
            run.Worker ?? RunText.None,
            RunText.FirstLine(run),
        }).ToList();
        var widths = Headers.Select((header, column) => rows.Select(row => row[column].Length).Append(header.Length).Max()).ToArray();
        yield return Line(Headers, widths);
        foreach (var row in rows)
        {
            yield return Line(row, widths);
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join(' ', cells.Select((cell, column) => column == cells.Length - 1 ? cell
            : IsNumeric(column) ? cell.PadLeft(widths[column]) : cell.PadRight(widths[column]))).TrimEnd();

    private static bool IsNumeric(int column) => Headers[column] is "ATTEMPT" or "EXIT" or "DURATION";
}

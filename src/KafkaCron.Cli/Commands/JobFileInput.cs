using System.Diagnostics.CodeAnalysis;
using KafkaCron.Core.Jobs;

namespace KafkaCron.Cli.Commands;

/// <summary>Reads a job file for a command, turning every way that can fail into one clear message.</summary>
internal static class JobFileInput
{
    // Far beyond any real job file; stops a mistaken path (a log, a disk image) from being read into memory.
    private const long MaxBytes = 16 * 1024 * 1024;

    /// <summary>Reads and validates a job file; every problem goes to <paramref name="error"/>, one line each.</summary>
    public static bool TryParse(string path, IReadOnlyCollection<string> knownClusters, TextWriter error, [NotNullWhen(true)] out JobFile? jobFile)
    {
        jobFile = null;
        if (!TryRead(path, out var text, out var readError))
        {
            error.WriteLine(readError);
            return false;
        }

        var parsed = JobFileParser.Parse(text, path, knownClusters);
        if (!parsed.IsValid || parsed.JobFile is null)
        {
            foreach (var problem in parsed.Problems)
            {
                error.WriteLine(problem.ToString());
            }

            return false;
        }

        jobFile = parsed.JobFile;
        return true;
    }

    public static bool TryRead(string path, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out string? error)
    {
        text = null;
        try
        {
            if (Directory.Exists(path))
            {
                error = $"{path}: is a directory, not a job file";
                return false;
            }

            var info = new FileInfo(path);
            if (!info.Exists)
            {
                // An unknown option lands here when the command also takes a file argument.
                error = path.StartsWith('-')
                    ? $"unrecognized option '{path}' (and no job file of that name)"
                    : $"{path}: no such job file";
                return false;
            }

            if (info.Length > MaxBytes)
            {
                error = $"{path}: is {info.Length} bytes, too large for a job file (at most {MaxBytes})";
                return false;
            }

            text = File.ReadAllText(path);
            error = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"{path}: cannot read the job file: {e.Message}";
            return false;
        }
    }
}

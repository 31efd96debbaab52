using System.Runtime.InteropServices;

namespace KafkaCron.Worker.Execution;

/// <summary>
/// Finds, before starting a run, the reasons exec would fail: a missing working directory, a program that is not
/// there or not executable. Jobs start through <c>setsid</c>, whose own exec failure would look like the job
/// exiting 126 or 127; checking first turns these into a <c>spawn_error</c> with the reason.
/// </summary>
internal static partial class SpawnCheck
{
    private const int ExecuteOk = 1; // X_OK

    /// <returns>Null when the run can start, else why it cannot.</returns>
    public static string? FindProblem(JobRunRequest request, string? inheritedPath)
    {
        var workingDirectory = request.WorkingDirectory;
        if (workingDirectory is not null)
        {
            if (!Directory.Exists(workingDirectory))
            {
                return $"working directory '{workingDirectory}' does not exist";
            }

            if (Access(workingDirectory, ExecuteOk) != 0)
            {
                return $"working directory '{workingDirectory}' is not accessible to the worker";
            }
        }

        var program = request.Argv[0];
        if (program.Contains('/', StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(program, workingDirectory ?? Environment.CurrentDirectory);
            return CheckFile(path, program);
        }

        var searchPath = request.Environment.TryGetValue("PATH", out var jobPath) ? jobPath : inheritedPath;
        string? notExecutable = null;
        foreach (var directory in (searchPath ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (!File.Exists(candidate))
            {
                continue;
            }

            if (IsExecutable(candidate))
            {
                return null;
            }

            notExecutable ??= candidate;
        }

        return notExecutable is not null
            ? $"'{notExecutable}' is not executable (permission denied)"
            : $"'{program}' was not found in PATH ({searchPath})";
    }

    private static string? CheckFile(string path, string program)
    {
        if (Directory.Exists(path))
        {
            return $"'{program}' is a directory";
        }

        if (!File.Exists(path))
        {
            return $"'{program}' does not exist (no such file)";
        }

        return IsExecutable(path) ? null : $"'{program}' is not executable (permission denied)";
    }

    private static bool IsExecutable(string path) => Access(path, ExecuteOk) == 0;

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);
}

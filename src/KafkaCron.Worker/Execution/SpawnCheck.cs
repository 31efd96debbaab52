namespace KafkaCron.Worker.Execution;

/// <summary>
/// Finds the program a run execs (a bare name through the job's <c>PATH</c>, else the worker's; a path relative to the
/// working directory) and, before starting it, the reasons exec would fail: a missing working directory, a program
/// that is not there or not executable. Each becomes a <c>spawn_error</c> naming the reason; what only exec itself
/// can find (a file that is no program) comes back from <c>posix_spawn</c>.
/// </summary>
internal static class SpawnCheck
{
    private const int ExecuteOk = 1; // X_OK

    /// <param name="program">The path to exec when the run can start.</param>
    /// <returns>Null when the run can start, else why it cannot.</returns>
    public static string? FindProblem(JobRunRequest request, string? inheritedPath, out string program)
    {
        program = request.Argv[0];
        var workingDirectory = request.WorkingDirectory;
        if (workingDirectory is not null)
        {
            if (!Directory.Exists(workingDirectory))
            {
                return $"working directory '{workingDirectory}' does not exist";
            }

            if (LibC.Access(workingDirectory, ExecuteOk) != 0)
            {
                return $"working directory '{workingDirectory}' is not accessible to the worker";
            }
        }

        var name = program;
        if (name.Contains('/', StringComparison.Ordinal))
        {
            program = Path.GetFullPath(name, workingDirectory ?? Environment.CurrentDirectory);
            return CheckFile(program, name);
        }

        var searchPath = request.Environment.TryGetValue("PATH", out var jobPath) ? jobPath : inheritedPath;
        string? notExecutable = null;
        foreach (var directory in (searchPath ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (!File.Exists(candidate))
            {
                continue;
            }

            if (IsExecutable(candidate))
            {
                program = candidate;
                return null;
            }

            notExecutable ??= candidate;
        }

        return notExecutable is not null
            ? $"'{notExecutable}' is not executable (permission denied)"
            : $"'{name}' was not found in PATH ({searchPath})";
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

    private static bool IsExecutable(string path) => LibC.Access(path, ExecuteOk) == 0;
}

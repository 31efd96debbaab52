using System.Globalization;
using System.Runtime.InteropServices;

namespace KafkaCron.Worker.Execution;

/// <summary>
/// Signals a job's process group, which the job leads (it was spawned in a session of its own), so that a timeout or
/// shutdown reaches every process the job started, not only the first one.
/// </summary>
internal static class ProcessGroup
{
    public const int SigTerm = 15;
    public const int SigKill = 9;
    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>Sends <paramref name="signal"/> to every process of the group; false when no process is left in it.</summary>
    public static bool Signal(int groupId, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupId, 2);
        return LibC.Kill(-groupId, signal) == 0;
    }

    /// <summary>
    /// Whether a process of the group is still alive. Zombies do not count: a reparented child that exited waits for
    /// an init process to reap it, which in a container may never happen, yet it runs nothing.
    /// </summary>
    public static bool HasLiveMembers(int groupId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupId, 2);
        if (LibC.Kill(-groupId, 0) != 0 && Marshal.GetLastPInvokeError() == NoSuchProcess)
        {
            return false;
        }

        return LiveMembers(groupId).Any();
    }

    /// <summary>Pids of the group's live (not zombie) processes, read from /proc.</summary>
    public static IEnumerable<int> LiveMembers(int groupId)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // exited while we looked
            }

            if (ParseStat(stat) is { } entry && entry.GroupId == groupId && entry.State is not ('Z' or 'X'))
            {
                yield return pid;
            }
        }
    }

    /// <summary>State and process group from a /proc/PID/stat line: <c>pid (comm) state ppid pgrp ...</c>.</summary>
    internal static (char State, int GroupId)? ParseStat(string stat)
    {
        // comm may hold spaces and parentheses; it ends at the last ')'.
        var end = stat.LastIndexOf(')');
        if (end < 0 || end + 2 >= stat.Length)
        {
            return null;
        }

        var fields = stat[(end + 2)..].Split(' ', 4);
        return fields.Length >= 3 && int.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var group)
            ? (fields[0][0], group)
            : null;
    }
}

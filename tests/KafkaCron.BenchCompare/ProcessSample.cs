using System.Globalization;

namespace KafkaCron.BenchCompare;

/// <summary>CPU time and peak resident memory of a process, read from /proc.</summary>
internal readonly record struct ProcessSample(TimeSpan Cpu, long PeakRssKiB)
{
    public static ProcessSample Of(int pid)
    {
        // utime and stime are fields 14 and 15 of /proc/<pid>/stat, counted after the command name's closing paren.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var hwm = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kib = long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        // USER_HZ is 100 on every Linux this runs on.
        return new ProcessSample(TimeSpan.FromMilliseconds(ticks * 10), kib);
    }
}

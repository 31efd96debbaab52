using System.Diagnostics;
using System.Runtime.InteropServices;

namespace KafkaCron.Cli.Hosting;

/// <summary>
/// A kcron program run by <c>kcron dev</c> as a child process, its output relayed line by line under a prefix so
/// the interleaved log shows which scheduler or worker said what.
/// </summary>
internal sealed partial class ChildProgram : IAsyncDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;

    private ChildProgram(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public Task Exited => _process.WaitForExitAsync();

    public int ExitCode => _process.ExitCode;

    public static ChildProgram Start(string name, IReadOnlyList<string> arguments, TextWriter output, Lock outputGate)
    {
        var (fileName, prefixArguments) = SelfInvocation();
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in prefixArguments.Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var prefix = name.PadRight(14) + "| ";
        void Relay(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (outputGate)
            {
                output.Write(prefix);
                output.WriteLine(line);
                output.Flush();
            }
        }

        process.OutputDataReceived += (_, e) => Relay(e.Data);
        process.ErrorDataReceived += (_, e) => Relay(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProgram(process, name);
    }

    /// <summary>Asks the program to stop as an orchestrator would (SIGTERM), so it drains and commits.</summary>
    public void RequestStop()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>How to start this same kcron: the apphost directly, or <c>dotnet kcron.dll</c>.</summary>
    private static (string FileName, IReadOnlyList<string> PrefixArguments) SelfInvocation()
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable is running");
        return Path.GetFileNameWithoutExtension(processPath) == "dotnet"
            ? (processPath, [Path.Combine(AppContext.BaseDirectory, "kcron.dll")])
            : (processPath, []);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

using System.CommandLine;
using KafkaCron.Cli;

// No forced exit after SIGTERM/Ctrl+C: System.CommandLine's default returns 2 s after the signal, which would end the
// process in the middle of the worker's graceful shutdown (its host waits for running jobs, then commits).
return await KcronCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

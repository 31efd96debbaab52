using System.CommandLine;
using KafkaCron.Cli;

// SIGTERM/Ctrl+C cancel the running command; the long-running programs need their grace period to drain jobs
// and commit before System.CommandLine would force the process down.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(2) };
var parsed = KcronCommand.Create().Parse(args, KcronCommand.ParserConfiguration);
return KcronCommand.ExitCode(parsed, await parsed.InvokeAsync(invocation));

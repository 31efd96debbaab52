using KafkaCron.Cli;

return await KcronCommand.Create().Parse(args, KcronCommand.ParserConfiguration).InvokeAsync();

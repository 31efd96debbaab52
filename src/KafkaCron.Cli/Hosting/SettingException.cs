namespace KafkaCron.Cli.Hosting;

/// <summary>A setting read at start is unusable; the message names the setting and its flag.</summary>
internal sealed class SettingException : Exception
{
    public SettingException()
    {
    }

    public SettingException(string message)
        : base(message)
    {
    }

    public SettingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace KafkaCron.WebConsole;

/// <summary>A part of the console without an implementation in this kcron (see <see cref="ConsoleFeatures"/>): 501.</summary>
internal sealed class FeatureUnavailableException : Exception
{
    public FeatureUnavailableException()
    {
    }

    public FeatureUnavailableException(string feature)
        : base($"{feature} is not available in this kcron console: it has no reader or writer of that topic")
    {
    }

    public FeatureUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

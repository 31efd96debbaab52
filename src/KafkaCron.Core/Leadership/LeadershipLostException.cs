namespace KafkaCron.Core.Leadership;

/// <summary>A write that needs leadership was refused because the term ended or a newer one began.</summary>
public sealed class LeadershipLostException : Exception
{
    public LeadershipLostException()
    {
    }

    public LeadershipLostException(string message)
        : base(message)
    {
    }

    public LeadershipLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace KafkaCron.Scheduler.JobFiles;

/// <summary>
/// A valid job file that cannot be put into effect yet (its new cluster's topics are missing, say). Thrown by the
/// callback that applies a file; a reload then keeps the previous schedule and tries the same file again on the next
/// change or SIGHUP.
/// </summary>
internal sealed class JobFileNotAppliedException : Exception
{
    public JobFileNotAppliedException()
    {
    }

    public JobFileNotAppliedException(string message)
        : base(message)
    {
    }

    public JobFileNotAppliedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

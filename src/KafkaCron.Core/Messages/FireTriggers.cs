namespace KafkaCron.Core.Messages;

/// <summary>
/// Who asked for a fire, as carried in <see cref="FireMessage.Trigger"/> and in run records. A scheduled fire leaves the
/// field out of its message, so scheduled fires encode exactly as before the field existed.
/// </summary>
public static class FireTriggers
{
    /// <summary>The schedule made the fire due (the field is absent from a scheduled fire's message).</summary>
    public const string Scheduled = "scheduled";

    /// <summary>An operator asked for it (<c>kcron trigger</c>, the console): a run now, outside the schedule.</summary>
    public const string Manual = "manual";

    /// <summary>The value of a fire's trigger in a run record: absent in the message means scheduled.</summary>
    public static string Of(FireMessage fire) => fire.Trigger ?? Scheduled;
}

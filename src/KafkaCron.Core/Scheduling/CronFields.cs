namespace KafkaCron.Core.Scheduling;

/// <summary>Which cron forms a schedule may take.</summary>
internal enum CronFields
{
    /// <summary>5 fields, or 6 with seconds first, told apart by counting (the job file).</summary>
    Detect,

    /// <summary>Only minute hour day-of-month month day-of-week.</summary>
    Five,

    /// <summary>Only second minute hour day-of-month month day-of-week.</summary>
    Six,
}

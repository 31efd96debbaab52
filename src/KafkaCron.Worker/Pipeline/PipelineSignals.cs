namespace KafkaCron.Worker.Pipeline;

/// <summary>What the consumer thread tells the job slots: stop starting runs (draining), and kill what runs.</summary>
internal sealed class PipelineSignals : IDisposable
{
    private readonly CancellationTokenSource _kill = new();
    private volatile bool _draining;

    /// <summary>Shutdown began: messages not yet started are abandoned, running jobs may finish.</summary>
    public bool Draining => _draining;

    /// <summary>Cancelled when running jobs must be terminated (shutdown grace over, or the pipeline failed).</summary>
    public CancellationToken KillToken => _kill.Token;

    public void BeginDraining() => _draining = true;

    public void Kill()
    {
        _draining = true;
        _kill.Cancel();
    }

    public void Dispose() => _kill.Dispose();
}

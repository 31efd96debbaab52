namespace KafkaCron.Testing;

/// <summary>Linux signal numbers the drills send (System.Runtime.InteropServices.PosixSignal has no STOP/CONT/KILL).</summary>
public enum PosixSignalNumber
{
    Hangup = 1,
    Interrupt = 2,
    Kill = 9,
    Terminate = 15,
    Continue = 18,
    Stop = 19,
}

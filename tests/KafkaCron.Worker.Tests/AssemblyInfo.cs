using System.Runtime.Versioning;

// The worker runs jobs through POSIX process groups; its tests run where it does.
[assembly: SupportedOSPlatform("linux")]

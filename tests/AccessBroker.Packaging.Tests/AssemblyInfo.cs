using System.Runtime.Versioning;

// deploy/publish.sh, the Google Cloud SDK's kubectl binaries and POSIX signals: these tests run where the image runs.
[assembly: SupportedOSPlatform("linux")]

using System.IO;
using System.Threading;

namespace KevyElect.Lab
{
    /// <summary>Deletes a lab's temp folder, retrying a moment when a file in it is still held open.</summary>
    internal static class LabDirectory
    {
        public static void Delete(string path)
        {
            for (int attempt = 0; attempt < 3; attempt++)
            {
                try
                {
                    if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                    return;
                }
                catch (IOException) { Thread.Sleep(50); }
                catch (System.UnauthorizedAccessException) { Thread.Sleep(50); }
            }
        }
    }
}

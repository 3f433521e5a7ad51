using System.ComponentModel;
using System.Text;

namespace Greenlets;

/// <summary>
/// gevent: <c>gevent.fileobject.FileObjectThread</c>. Whole-file reads and writes of regular files that run on
/// <see cref="GreenThreadPool.Default"/> and hand their result back through the hub's wakeup queue: the calling
/// greenlet waits, the hub runs everything else. A regular file is always "ready" to epoll, so the reactor cannot
/// wait for it; a thread must do the blocking read.
/// </summary>
public static class GreenFile
{
    /// <summary>gevent: <c>FileObjectThread(path, 'rb').read()</c>. Reads the whole file on a pool thread.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its bytes.</returns>
    /// <exception cref="IOException">The file could not be read (<see cref="FileNotFoundException"/> when it is missing).</exception>
    [Cooperative(nameof(ReadAllBytesAwaitable))]
    public static byte[] ReadAllBytes(string path) => GreenThreadPool.Default.Apply(() => File.ReadAllBytes(path));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ReadAllBytes"/> instead.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<byte[]> ReadAllBytesAwaitable(string path) => GreenThreadPool.Default.ApplyAwaitable(() => File.ReadAllBytes(path));

    /// <summary>gevent: <c>FileObjectThread(path).read()</c>. Reads the whole file as UTF-8 text on a pool thread.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its text.</returns>
    /// <exception cref="IOException">The file could not be read.</exception>
    [Cooperative(nameof(ReadAllTextAwaitable))]
    public static string ReadAllText(string path) => GreenThreadPool.Default.Apply(() => File.ReadAllText(path, Encoding.UTF8));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ReadAllText"/> instead.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<string> ReadAllTextAwaitable(string path) => GreenThreadPool.Default.ApplyAwaitable(() => File.ReadAllText(path, Encoding.UTF8));

    /// <summary>gevent: <c>FileObjectThread(path).readlines()</c>. Reads the file's lines (UTF-8) on a pool thread.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its lines, without their line ends.</returns>
    /// <exception cref="IOException">The file could not be read.</exception>
    [Cooperative(nameof(ReadAllLinesAwaitable))]
    public static string[] ReadAllLines(string path) => GreenThreadPool.Default.Apply(() => File.ReadAllLines(path, Encoding.UTF8));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ReadAllLines"/> instead.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<string[]> ReadAllLinesAwaitable(string path) => GreenThreadPool.Default.ApplyAwaitable(() => File.ReadAllLines(path, Encoding.UTF8));

    /// <summary>gevent: <c>FileObjectThread(path, 'wb').write(data)</c>. Writes the file, replacing it, on a pool thread.</summary>
    /// <param name="path">The file.</param>
    /// <param name="data">Its new contents.</param>
    /// <exception cref="IOException">The file could not be written.</exception>
    [Cooperative(nameof(WriteAllBytesAwaitable))]
    public static void WriteAllBytes(string path, byte[] data) => GreenThreadPool.Default.Apply(() => File.WriteAllBytes(path, data));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WriteAllBytes"/> instead.</summary>
    /// <param name="path">The file.</param>
    /// <param name="data">Its new contents.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable WriteAllBytesAwaitable(string path, byte[] data) => GreenThreadPool.Default.ApplyAwaitable(() => File.WriteAllBytes(path, data));

    /// <summary>gevent: <c>FileObjectThread(path, 'w').write(text)</c>. Writes the text as UTF-8, replacing the file, on a pool thread.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">Its new contents.</param>
    /// <exception cref="IOException">The file could not be written.</exception>
    [Cooperative(nameof(WriteAllTextAwaitable))]
    public static void WriteAllText(string path, string text) => GreenThreadPool.Default.Apply(() => File.WriteAllText(path, text));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WriteAllText"/> instead.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">Its new contents.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable WriteAllTextAwaitable(string path, string text) => GreenThreadPool.Default.ApplyAwaitable(() => File.WriteAllText(path, text));

    /// <summary>gevent: <c>FileObjectThread(path, 'a').write(text)</c>. Appends the text as UTF-8, creating the file if needed, on a pool thread.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">What to add at its end.</param>
    /// <exception cref="IOException">The file could not be written.</exception>
    [Cooperative(nameof(AppendAllTextAwaitable))]
    public static void AppendAllText(string path, string text) => GreenThreadPool.Default.Apply(() => File.AppendAllText(path, text));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="AppendAllText"/> instead.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">What to add at its end.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable AppendAllTextAwaitable(string path, string text) => GreenThreadPool.Default.ApplyAwaitable(() => File.AppendAllText(path, text));
}

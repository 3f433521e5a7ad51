using System.Collections;
using System.Runtime.InteropServices;

namespace Greenlets;

/// <summary>One of a child's standard streams: the descriptor the child gets (-1 to inherit) and the parent's end (-1 for none).</summary>
internal readonly record struct ChildEnd(int ChildFd, int ParentFd)
{
    public static ChildEnd Inherit(int childFd = -1) => new(childFd, -1);
}

/// <summary>The descriptors made for one spawn: the child's ends are closed once it has them, the parent's on failure.</summary>
internal sealed unsafe class ChildPlumbing : IDisposable
{
    private readonly List<int> _open = [];

    public ChildEnd Prepare(ProcessStdio mode, bool parentReads, string name)
    {
        switch (mode)
        {
            case ProcessStdio.Pipe:
                var fds = stackalloc int[2];
                if (ProcessNative.pipe2(fds, ProcessNative.O_CLOEXEC) != 0)
                {
                    throw new IOException($"pipe for {name} failed: {ProcessNative.Describe(ProcessNative.Errno)}");
                }

                _open.Add(fds[0]);
                _open.Add(fds[1]);
                var end = parentReads ? new ChildEnd(fds[1], fds[0]) : new ChildEnd(fds[0], fds[1]);

                // Only the parent's end is non-blocking: the two ends are separate open files, and the child expects blocking I/O.
                if (!ProcessNative.SetNonBlocking(end.ParentFd, true))
                {
                    throw new IOException($"fcntl on the {name} pipe failed: {ProcessNative.Describe(ProcessNative.Errno)}");
                }

                return end;
            case ProcessStdio.Null:
                var fd = ProcessNative.open("/dev/null", ProcessNative.O_RDWR | ProcessNative.O_CLOEXEC);
                if (fd < 0)
                {
                    throw new IOException($"opening /dev/null for {name} failed: {ProcessNative.Describe(ProcessNative.Errno)}");
                }

                _open.Add(fd);
                return new ChildEnd(fd, -1);
            default:
                return ChildEnd.Inherit();
        }
    }

    /// <summary>Hands the parent's end over to a stream, which from then on owns it.</summary>
    public GreenStream? TakeStream(ChildEnd end, bool readable, string name)
    {
        if (end.ParentFd < 0)
        {
            return null;
        }

        _open.Remove(end.ParentFd);
        return new DescriptorStream(end.ParentFd, readable, $"child {name}");
    }

    public void Dispose()
    {
        foreach (var fd in _open)
        {
            ProcessNative.close(fd);
        }

        _open.Clear();
    }
}

/// <summary>posix_spawnp with the child's descriptors, directory, environment, and default signal handling.</summary>
internal static unsafe class ProcessSpawner
{
    public static int Spawn(string[] command, GreenProcessOptions options, int stdin, int stdout, int stderr)
    {
        var strings = new List<nint>();
        var passed = new List<int>();
        var actions = (byte*)NativeMemory.AllocZeroed(ProcessNative.FileActionsSize);
        var attributes = (byte*)NativeMemory.AllocZeroed(ProcessNative.SpawnAttrSize);
        var signals = (byte*)NativeMemory.AllocZeroed(2 * ProcessNative.SigSetSize);
        ProcessNative.posix_spawn_file_actions_init(actions);
        ProcessNative.posix_spawnattr_init(attributes);
        try
        {
            var argv = NullTerminated(command, strings);
            var envp = NullTerminated(EnvironmentOf(options), strings);
            Check(stdin < 0 ? 0 : ProcessNative.posix_spawn_file_actions_adddup2(actions, stdin, 0), "adddup2");
            Check(stdout < 0 ? 0 : ProcessNative.posix_spawn_file_actions_adddup2(actions, stdout, 1), "adddup2");
            Check(stderr < 0 ? 0 : ProcessNative.posix_spawn_file_actions_adddup2(actions, stderr, 2), "adddup2");
            PassDescriptors(actions, options.PassedDescriptors, passed);
            if (options.WorkingDirectory is { } cwd)
            {
                Check(ProcessNative.posix_spawn_file_actions_addchdir_np(actions, Utf8(cwd, strings)), "addchdir_np");
            }

            // The runtime ignores SIGPIPE and may block signals on this thread; an ignored disposition and the mask
            // survive exec, so the child gets an empty mask and the default action for every signal.
            var mask = signals;
            var defaults = signals + ProcessNative.SigSetSize;
            ProcessNative.sigemptyset(mask);
            ProcessNative.sigfillset(defaults);
            Check(ProcessNative.posix_spawnattr_setsigmask(attributes, mask), "setsigmask");
            Check(ProcessNative.posix_spawnattr_setsigdefault(attributes, defaults), "setsigdefault");
            Check(ProcessNative.posix_spawnattr_setflags(attributes, ProcessNative.POSIX_SPAWN_SETSIGMASK | ProcessNative.POSIX_SPAWN_SETSIGDEF), "setflags");

            int pid;
            var error = ProcessNative.posix_spawnp(&pid, argv[0], actions, attributes, argv, envp);
            return error == 0 ? pid : throw Failure(error, command[0]);
        }
        finally
        {
            ProcessNative.posix_spawn_file_actions_destroy(actions);
            ProcessNative.posix_spawnattr_destroy(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
            passed.ForEach(static fd => ProcessNative.close(fd));
            foreach (var pointer in strings)
            {
                NativeMemory.Free((void*)pointer);
            }
        }
    }

    /// <summary>
    /// Gives the child <paramref name="descriptors"/> as 3, 4, ... (systemd's numbering). Each goes through a
    /// close-on-exec duplicate numbered above every target first: a source that already is its target would make the
    /// dup2 a no-op that leaves close-on-exec set, and a source that is another's target would be overwritten before
    /// it is copied. dup2 clears close-on-exec on the copy, so the child inherits exactly these.
    /// </summary>
    private static void PassDescriptors(byte* actions, IReadOnlyList<int> descriptors, List<int> duplicates)
    {
        var firstFree = GreenSocket.FirstInheritedDescriptor + descriptors.Count;
        for (var index = 0; index < descriptors.Count; index++)
        {
            var duplicate = ProcessNative.fcntl(descriptors[index], ProcessNative.F_DUPFD_CLOEXEC, firstFree);
            if (duplicate < 0)
            {
                throw new IOException($"dup of descriptor {descriptors[index]} failed: {ProcessNative.Describe(ProcessNative.Errno)}");
            }

            duplicates.Add(duplicate);
            Check(ProcessNative.posix_spawn_file_actions_adddup2(actions, duplicate, GreenSocket.FirstInheritedDescriptor + index), "adddup2");
        }
    }

    /// <summary>The error Python raises for a failed exec, as the matching .NET exception.</summary>
    internal static Exception Failure(int errno, string program)
    {
        var message = $"[Errno {errno}] {ProcessNative.Describe(errno)}: '{program}'";
        return errno switch
        {
            ProcessNative.ENOENT => new FileNotFoundException(message, program),
            ProcessNative.EACCES or ProcessNative.EPERM => new UnauthorizedAccessException(message),
            _ => new IOException(message),
        };
    }

    private static List<string> EnvironmentOf(GreenProcessOptions options)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.Environment is { } replacement)
        {
            foreach (var (name, value) in replacement)
            {
                variables[name] = value;
            }
        }
        else
        {
            foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            {
                variables[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
            }
        }

        foreach (var (name, value) in options.ExtraEnvironment)
        {
            if (value is null)
            {
                variables.Remove(name);
            }
            else
            {
                variables[name] = value;
            }
        }

        return variables.Select(pair => $"{pair.Key}={pair.Value}").ToList();
    }

    private static byte** NullTerminated(IReadOnlyList<string> items, List<nint> owned)
    {
        var array = (byte**)NativeMemory.AllocZeroed((nuint)(items.Count + 1), (nuint)sizeof(byte*));
        owned.Add((nint)array);
        for (var i = 0; i < items.Count; i++)
        {
            array[i] = Utf8(items[i], owned);
        }

        return array;
    }

    private static byte* Utf8(string text, List<nint> owned)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("An argument or environment entry contains a NUL character.");
        }

        var count = System.Text.Encoding.UTF8.GetByteCount(text);
        var bytes = (byte*)NativeMemory.Alloc((nuint)count + 1);
        owned.Add((nint)bytes);
        System.Text.Encoding.UTF8.GetBytes(text, new Span<byte>(bytes, count));
        bytes[count] = 0;
        return bytes;
    }

    private static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw new IOException($"posix_spawn {call} failed: {ProcessNative.Describe(error)}");
        }
    }
}

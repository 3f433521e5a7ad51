using System.Text;
using Greenlets;

namespace Distributed;

/// <summary>
/// A worker: connects a DEALER socket to the coordinator, asks for a task, does it, answers, and asks again, until
/// told to stop. The work here is a stand-in: the task number squared, after a short sleep.
/// </summary>
public static partial class Worker
{
    /// <summary>One hub of a worker process (a <see cref="HubGroup"/>): a worker of its own, with its own DEALER socket.</summary>
    [Greenlet]
    public static void RunOnHub(int hub, WorkerSettings settings) => Run(settings.Context, settings.Endpoint, settings.WorkTime);

    [Greenlet]
    public static void Run(ZmqContext context, string endpoint, GreenDuration workTime)
    {
        using var dealer = context.Socket(ZmqSocketType.Dealer);
        dealer.Connect(endpoint);
        dealer.Send("ready"u8.ToArray());
        while (true)
        {
            var frames = dealer.RecvMultipart();
            if (Encoding.ASCII.GetString(frames[0]) == "stop")
            {
                return;
            }

            var task = long.Parse(Encoding.ASCII.GetString(frames[1]));
            Greenlet.Sleep(workTime);
            dealer.SendMultipart(["result"u8.ToArray(), frames[1], Encoding.ASCII.GetBytes((task * task).ToString())]);
            dealer.Send("ready"u8.ToArray());
        }
    }
}

/// <summary>What every hub of a worker process shares: the process's one ZeroMQ context, the coordinator's address, the work time.</summary>
public sealed record WorkerSettings(ZmqContext Context, string Endpoint, GreenDuration WorkTime);

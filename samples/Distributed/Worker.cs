using System.Text;
using Greenlets;

namespace Distributed;

/// <summary>
/// A worker: connects a DEALER socket to the coordinator, asks for a task, does it, answers, and asks again, until
/// told to stop. The work here is a stand-in: the task number squared, after a short sleep.
/// </summary>
public static partial class Worker
{
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

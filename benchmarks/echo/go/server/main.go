// The Go echo server of the echo benchmark: a goroutine per connection, Go's netpoller underneath.
package main

import (
	"fmt"
	"net"
	"os"
)

func serve(conn *net.TCPConn) {
	defer conn.Close()
	conn.SetNoDelay(true)
	buffer := make([]byte, 4096)
	for {
		n, err := conn.Read(buffer)
		if n > 0 {
			if _, werr := conn.Write(buffer[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func main() {
	port := "7004"
	if len(os.Args) > 1 {
		port = os.Args[1]
	}
	listener, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("READY", listener.Addr().(*net.TCPAddr).Port)
	for {
		conn, err := listener.Accept()
		if err != nil {
			continue
		}
		go serve(conn.(*net.TCPConn))
	}
}

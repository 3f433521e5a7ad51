// Go's hello world: the start-up peer of benchmarks/startup/run.sh.
package main

import "fmt"

func main() {
	fmt.Println("hello")
}

package main

func runApp() int { return 0 }

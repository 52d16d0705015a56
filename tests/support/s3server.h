// A real S3-compatible object store a test starts itself: Ceph's RADOS Gateway (radosgw, Debian's
// `radosgw`) over a throwaway one-node Ceph cluster (one monitor, one OSD on memstore), serving
// HTTPS on a free loopback port with a certificate from a CA made for it. Its zonegroup has a
// GLACIER storage class with a pool of its own, and the user's objects go there by default —
// the off-site copy's Glacier-like tier (docs/operations.md says why Ceph).
#pragma once

#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace bilheteria::testing {

class S3Server {
public:
    // The storage class every object of the user lands in.
    static constexpr const char* kStorageClass = "GLACIER";

    // Makes the temporary folder (readable by all, so PostgreSQL's archive_command may read the
    // CA), the CA and certificate, the cluster and the user, and waits until the gateway takes
    // HTTPS requests. Throws std::runtime_error with the failing step's output and the logs.
    S3Server();
    // Stops the gateway, the OSD and the monitor, and removes the folder.
    ~S3Server();
    S3Server(const S3Server&) = delete;
    S3Server& operator=(const S3Server&) = delete;

    const std::string& folder() const { return m_folder; }
    std::string host() const { return "127.0.0.1"; }
    int port() const { return m_port; }
    // The PEM file of the CA that signed the gateway's certificate.
    std::string caFile() const { return m_folder + "/ca.crt"; }
    const std::string& accessKey() const { return m_accessKey; }
    const std::string& secretKey() const { return m_secretKey; }
    // Any region is accepted in the signature; this one is what clients are told.
    std::string region() const { return "us-east-1"; }

    // S3 requests, signed with the user's keys (AWS Signature V4, path-style URLs).
    void createBucket(const std::string& bucket) const;
    void putObject(const std::string& bucket, const std::string& key,
                   const std::string& content) const;
    struct Object {
        std::string key;
        std::int64_t size = 0;
        std::string storageClass;
    };
    // Every object in the bucket (all pages of the listing).
    std::vector<Object> listObjects(const std::string& bucket) const;

    // Every byte the store keeps of the objects' data, read beneath the S3 API: the RADOS
    // objects of the gateway's data pools, exported (rados export) and concatenated.
    std::string storedData() const;

    // The ends of the daemons' logs, for failure messages.
    std::string logs() const;

private:
    int run(const std::vector<std::string>& args, std::string* output = nullptr) const;
    void runOrThrow(const std::vector<std::string>& args, std::string* output = nullptr) const;
    pid_t spawn(const std::vector<std::string>& args, const std::string& logName) const;
    int s3(const std::string& method, const std::string& path, const std::string& bodyFile,
           const std::string& responseFile) const;
    void stop();

    std::string m_folder;
    int m_port = 0;
    std::string m_accessKey;
    std::string m_secretKey;
    pid_t m_monitor = -1;
    pid_t m_osd = -1;
    pid_t m_gateway = -1;
};

} // namespace bilheteria::testing
